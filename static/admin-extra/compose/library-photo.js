// A photo from the library inside the story, stored as a reference to it (newsroom/bodyblocks.py):
// <figure data-photo="42"><figcaption>caption for this story only</figcaption></figure>
// The editor shows the library's thumbnail, caption and credit, and the caption for this story.
import { Node } from "django-prose-editor/editor"

import { ask, attributeInput, constructBox, crel, insertBlock, menuTitle, remembered, word } from "./common.js"
import { choosePhoto } from "./photo-dialog.js"

const photoCard = remembered((id) => ask(`photos/${id}/`))
const photoBlock = (photoId) => ({ type: "libraryPhoto", attrs: { photoId: String(photoId), caption: "" } })

function showPhoto(box, answer) {
  const details = box.body.querySelector(".compose-photo__details")
  const image = box.body.querySelector(".compose-photo__thumbnail")
  if (!answer.ok) {
    box.dom.classList.add("compose-box--missing")
    details.replaceChildren(crel("div", { className: "compose-warning", textContent: answer.error }))
    box.body.querySelector(".compose-box__field").hidden = true
    return
  }
  const photo = answer.photo
  if (photo.thumbnail) {
    const { url, width, height } = photo.thumbnail
    image.replaceChildren(crel("img", { src: url, width, height, alt: photo.alt || "" }))
  }
  box.label.textContent = `${word("photo_box")}: ${photo.title}`
  details.replaceChildren(
    crel("div", { className: "compose-photo__caption", textContent: photo.caption || word("photo_no_caption") }),
    crel("div", { className: "compose-photo__credit", textContent: photo.credit }),
  )
}

export const LibraryPhoto = Node.create({
  name: "libraryPhoto",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      photoId: { default: null, parseHTML: (element) => element.getAttribute("data-photo"), renderHTML: () => ({}) },
      caption: {
        default: "",
        parseHTML: (element) => element.querySelector("figcaption")?.textContent ?? "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-photo]" }]
  },

  renderHTML({ node }) {
    const { photoId, caption } = node.attrs
    return ["figure", { "data-photo": photoId }, ...(caption.trim() ? [["figcaption", {}, caption]] : [])]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const box = constructBox({ editor, getPos, tag: "figure", kind: "photo", icon: "photo", label: word("photo_box") })
      const caption = attributeInput(box, node, "caption", {
        label: word("photo_caption_here"),
        placeholder: word("photo_caption_hint"),
      })
      box.body.append(
        crel("div", { className: "compose-photo__thumbnail" }),
        crel("div", { className: "compose-photo__text" }, [
          crel("div", { className: "compose-photo__details", textContent: word("loading") }),
          caption.wrapper,
        ]),
      )
      photoCard(node.attrs.photoId).then((answer) => showPhoto(box, answer))
      return {
        dom: box.dom,
        update(updated) {
          if (updated.type !== node.type || updated.attrs.photoId !== node.attrs.photoId) return false
          node = updated
          // After an undo, the field shows the caption the story holds again.
          if (caption.input.value !== node.attrs.caption) caption.input.value = node.attrs.caption
          return true
        },
        stopEvent: box.stopEvent,
        ignoreMutation: box.ignoreMutation,
      }
    }
  },

  addCommands() {
    return {
      chooseLibraryPhoto:
        () =>
        ({ editor, dispatch }) => {
          if (dispatch) choosePhoto(editor, (card) => insertBlock(editor, photoBlock(card.id)))
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "libraryPhoto",
      groups: "compose",
      button: buttons.material("add_photo_alternate", menuTitle("libraryPhoto")),
      command: (editor) => editor.commands.chooseLibraryPhoto(),
    })
  },
})
