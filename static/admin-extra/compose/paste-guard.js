// Pasting. An address alone on its line becomes an embed when it is one (as in WordPress),
// else it stays a link; a pasted frame of a known provider becomes that embed. What the body
// cannot keep (images from other sites, other frames, video files) is not dropped silently:
// a notice above the text says what was removed and offers the proper way to add it.
import { Extension, Plugin } from "django-prose-editor/editor"

import { continueAfterBlock, counted, crel, word } from "./common.js"
import { askEmbedAddress, resolveEmbed } from "./embed.js"

const LONE_ADDRESS = /^https?:\/\/\S+$/i

// The paragraph holding nothing but a link to ``address`` (what a pasted address or frame
// became), nearest to ``near``: {position, node} or null.
function loneLink(doc, address, near = 0) {
  let found = null
  doc.descendants((node, position) => {
    if (node.type.name !== "paragraph" || node.textContent !== address) return !found
    const linked = node.childCount === 1 && node.firstChild.marks.some((mark) => mark.attrs.href === address)
    if (linked && (!found || Math.abs(position - near) < Math.abs(found.position - near))) found = { position, node }
    return false
  })
  return found
}

// Replaces the paragraph holding ``address`` by its embed when the server says it is one;
// answers whether it did.
async function embedInPlace(editor, address, near) {
  const answer = await resolveEmbed(address)
  const paragraph = loneLink(editor.state.doc, address, near)
  if (!answer.ok || !paragraph || editor.isDestroyed) return false
  const { position, node } = paragraph
  const { from } = editor.state.selection
  const writingThere = from >= position && from <= position + node.nodeSize
  editor.chain().insertContentAt({ from: position, to: position + node.nodeSize }, answer.html).run()
  if (writingThere) continueAfterBlock(editor)
  return true
}

function pasteAddress(editor, view, address) {
  const { state } = view
  const { $from, from } = state.selection
  const transaction = state.tr.insertText(address)
  const link = state.schema.marks.link?.create({ href: address })
  if (link) transaction.addMark(from, from + address.length, link)
  view.dispatch(transaction)
  embedInPlace(editor, address, $from.before())
}

// What pasted HTML holds that the body cannot keep; frames are put in place as links to their
// address (``placeholders``), to become embeds or go once the server has answered.
function inspect(html) {
  // A parsed document of its own loads nothing: no image is fetched from the other site.
  const doc = new DOMParser().parseFromString(html, "text/html")
  const found = {
    images: doc.querySelectorAll("img").length,
    media: doc.querySelectorAll("video, audio").length,
    frames: doc.querySelectorAll("embed, object").length,
    placeholders: [],
  }
  for (const frame of doc.querySelectorAll("iframe")) {
    const source = frame.getAttribute("src")?.trim() ?? ""
    const address = source.startsWith("//") ? `https:${source}` : source
    if (LONE_ADDRESS.test(address)) {
      const link = doc.createElement("a")
      link.href = address
      link.textContent = address
      const paragraph = doc.createElement("p")
      paragraph.append(link)
      frame.replaceWith(paragraph)
      found.placeholders.push(address)
    } else {
      frame.remove()
      found.frames += 1
    }
  }
  return { html: doc.body.innerHTML, found }
}

async function settle(editor, found) {
  const embedded = await Promise.all(found.placeholders.map((address) => embedInPlace(editor, address)))
  found.placeholders.forEach((address, index) => {
    if (embedded[index]) return
    const paragraph = loneLink(editor.state.doc, address)
    if (paragraph) {
      const { position, node } = paragraph
      editor.chain().deleteRange({ from: position, to: position + node.nodeSize }).run()
    }
    found.frames += 1
  })
  showNotice(editor, found)
}

function showNotice(editor, { images, media, frames }) {
  if (!images && !media && !frames) return
  editor.options.element.querySelector(".compose-notice")?.remove()
  const lines = [
    images && counted("images_removed", images),
    frames && counted("frames_removed", frames),
    media && counted("videos_removed", media),
  ].filter(Boolean)
  const notice = crel("div", { className: "compose-notice", role: "status" })
  const actions = crel("div", { className: "compose-notice__actions" })
  const action = (text, run) => {
    const button = crel("button", { type: "button", textContent: text })
    button.addEventListener("click", run)
    actions.append(button)
  }
  if (images) action(word("paste_add_photo"), () => editor.commands.chooseLibraryPhoto?.())
  if (frames || media) action(word("paste_add_embed"), () => askEmbedAddress(editor))
  action(word("dismiss"), () => notice.remove())
  notice.append(...lines.map((line) => crel("p", { textContent: line })), actions)
  editor.view.dom.before(notice)
}

export const PasteGuard = Extension.create({
  name: "pasteGuard",

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          handlePaste(view, event) {
            const text = event.clipboardData?.getData("text/plain")?.trim() ?? ""
            const { empty, $from } = view.state.selection
            const onItsOwnLine =
              empty && $from.depth === 1 && $from.parent.type.name === "paragraph" && $from.parent.content.size === 0
            if (!onItsOwnLine || !LONE_ADDRESS.test(text)) return false
            pasteAddress(editor, view, text)
            return true
          },
          transformPastedHTML(html) {
            const { html: kept, found } = inspect(html)
            // After the pasted content is in place (the paste finishes in this same event).
            setTimeout(() => settle(editor, found))
            return kept
          },
        },
      }),
    ]
  },
})
