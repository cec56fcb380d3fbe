// Per-paragraph text direction: a French quotation inside an Arabic story is set left to
// right and stored as dir="ltr". A paragraph without dir takes the story language's
// direction, in the editor as on the public page: the editor itself is given that direction,
// so an Arabic paragraph starting with "FIFA" stays right to left.
import { Extension, Plugin } from "django-prose-editor/editor"

import { directions, menuTitle } from "./common.js"

const DIRECTED = ["paragraph", "heading", "blockquote", "listItem", "tableCell", "tableHeader"]
// The toolbar sets the text blocks; a quote, a list item or a cell is set through its paragraphs.
const TEXT_BLOCKS = ["paragraph", "heading"]
const DIRECTIONS = ["rtl", "ltr"]
const ICONS = { rtl: "format_textdirection_r_to_l", ltr: "format_textdirection_l_to_r" }

// Each language's body has its own field (body_ar, body_fr…); the page gives each language's direction.
function languageDirection(editor) {
  const name = editor.options.element?.querySelector("textarea")?.name ?? ""
  const language = Object.keys(directions).find((code) => name.endsWith(`_${code.replace("-", "_")}`))
  return directions[language] || document.documentElement.dir || "ltr"
}

// Tiptap's own "textDirection" sets one direction on every node; this one sets paragraphs apart.
const isDirected = (editor, direction) => TEXT_BLOCKS.some((type) => editor.isActive(type, { dir: direction }))

export const ParagraphDirection = Extension.create({
  name: "paragraphDirection",

  addGlobalAttributes() {
    return [
      {
        types: DIRECTED,
        attributes: {
          dir: {
            default: null,
            parseHTML: (element) => (DIRECTIONS.includes(element.getAttribute("dir")) ? element.getAttribute("dir") : null),
            renderHTML: (attributes) => (attributes.dir ? { dir: attributes.dir } : {}),
          },
        },
      },
    ]
  },

  addCommands() {
    return {
      setParagraphDirection:
        (direction) =>
        ({ commands }) =>
          TEXT_BLOCKS.map((type) => commands.updateAttributes(type, { dir: direction })).some(Boolean),
      unsetParagraphDirection:
        () =>
        ({ commands }) =>
          TEXT_BLOCKS.map((type) => commands.resetAttributes(type, "dir")).some(Boolean),
      // Pressed again, the button gives the paragraph back the story's direction.
      toggleParagraphDirection:
        (direction) =>
        ({ editor, commands }) =>
          isDirected(editor, direction) ? commands.unsetParagraphDirection() : commands.setParagraphDirection(direction),
    }
  },

  addMenuItems({ buttons, menu }) {
    for (const direction of DIRECTIONS) {
      menu.defineItem({
        name: `direction:${direction}`,
        groups: "direction",
        button: buttons.material(ICONS[direction], menuTitle(`direction:${direction}`)),
        active: (editor) => isDirected(editor, direction),
        command: (editor) => editor.chain().focus().toggleParagraphDirection(direction).run(),
      })
    }
  },

  addProseMirrorPlugins() {
    return [new Plugin({ props: { attributes: { dir: languageDirection(this.editor) } } })]
  },
})
