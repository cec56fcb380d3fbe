// Embeds (YouTube, X, Facebook…), stored as provider and id (newsroom/bodyblocks.py):
// <figure data-embed="youtube" data-embed-id="…"><a href="…">…</a><figcaption>title</figcaption></figure>
// Which addresses are embeds is the server's answer (newsroom/embeds.py holds the one list of
// providers). The editor's box names the provider and shows the address and the title; it
// loads nothing from the provider.
import { Node } from "django-prose-editor/editor"

import { ask, attributeInput, constructBox, crel, embedSite, formDialog, insertBlock, menuTitle, word } from "./common.js"

const KIND_ICONS = { video: "smart_display", post: "forum", audio: "audiotrack", map: "map" }

// The stored form of the embed ``address`` points to ({ok, html}), or why it is not one ({error}).
export const resolveEmbed = (address) => ask("embeds/", { url: address })

export function askEmbedAddress(editor) {
  const address = crel("input", { type: "url", required: true, dir: "ltr", placeholder: "https://" })
  return formDialog(editor, {
    title: word("embed_dialog"),
    submitText: word("insert"),
    fields: [{ name: "address", label: word("embed_address"), help: word("embed_help"), control: address }],
    submit: async ({ address }) => {
      const answer = await resolveEmbed(address.trim())
      if (!answer.ok) return { error: answer.error }
      insertBlock(editor, answer.html)
      return answer
    },
  })
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    const read = (get) => ({ default: "", parseHTML: get, renderHTML: () => ({}) })
    return {
      provider: read((element) => element.getAttribute("data-embed")),
      embedId: read((element) => element.getAttribute("data-embed-id")),
      address: read((element) => element.querySelector("a")?.getAttribute("href") ?? ""),
      title: read((element) => element.querySelector("figcaption")?.textContent ?? ""),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]" }]
  },

  renderHTML({ node }) {
    const { provider, embedId, address, title } = node.attrs
    return [
      "figure",
      { "data-embed": provider, "data-embed-id": embedId },
      ["a", { href: address }, address],
      ...(title.trim() ? [["figcaption", {}, title]] : []),
    ]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const site = embedSite(node.attrs.provider)
      const box = constructBox({
        editor,
        getPos,
        tag: "figure",
        kind: "embed",
        icon: KIND_ICONS[site.kind] ?? "link",
        label: site.label,
      })
      box.dom.dataset.provider = node.attrs.provider
      const title = attributeInput(box, node, "title", { label: word("embed_title"), placeholder: site.title })
      box.body.append(
        crel("div", { className: "compose-embed__address", dir: "ltr", textContent: node.attrs.address }),
        crel("div", { className: "compose-help", textContent: word("embed_box_note") }),
        title.wrapper,
      )
      return {
        dom: box.dom,
        update(updated) {
          if (updated.type !== node.type || updated.attrs.embedId !== node.attrs.embedId) return false
          node = updated
          if (title.input.value !== node.attrs.title) title.input.value = node.attrs.title
          return true
        },
        stopEvent: box.stopEvent,
        ignoreMutation: box.ignoreMutation,
      }
    }
  },

  addCommands() {
    return {
      askEmbedAddress:
        () =>
        ({ editor, dispatch }) => {
          if (dispatch) askEmbedAddress(editor)
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "compose",
      button: buttons.material("smart_display", menuTitle("embed")),
      command: (editor) => editor.commands.askEmbedAddress(),
    })
  },
})
