// Pull quotes, with their attribution and, if set, their direction (newsroom/bodyblocks.py):
// <figure data-pullquote="" dir="ltr"><blockquote>…</blockquote><figcaption>…</figcaption></figure>
// Written and changed through a small dialog; the box in the text shows them as readers will.
import { Node } from "django-prose-editor/editor"

import { constructBox, crel, formDialog, insertBlock, menuTitle, word } from "./common.js"

const DIRECTIONS = ["rtl", "ltr"]

function askQuote(editor, attrs) {
  const quote = crel("textarea", { rows: 4, maxLength: 1000, required: true, value: attrs.quote ?? "" })
  const attribution = crel("input", { type: "text", maxLength: 400, value: attrs.attribution ?? "" })
  const direction = crel(
    "select",
    {},
    ["", ...DIRECTIONS].map((value) =>
      crel("option", { value, textContent: word(`direction_${value || "story"}`), selected: value === (attrs.dir ?? "") }),
    ),
  )
  // The quote is typed in the direction it will be shown in.
  const follow = () => {
    quote.dir = direction.value || "auto"
    attribution.dir = direction.value || "auto"
  }
  direction.addEventListener("change", follow)
  follow()
  return formDialog(editor, {
    title: word("quote_dialog"),
    submitText: attrs.quote ? word("save") : word("insert"),
    fields: [
      { name: "quote", label: word("quote_text"), control: quote },
      { name: "attribution", label: word("quote_attribution"), control: attribution },
      { name: "dir", label: word("quote_direction"), control: direction },
    ],
    submit: (values) => ({
      quote: values.quote.trim(),
      attribution: values.attribution.trim(),
      dir: DIRECTIONS.includes(values.dir) ? values.dir : null,
    }),
  })
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      quote: {
        default: "",
        parseHTML: (element) => element.querySelector("blockquote")?.textContent ?? "",
        renderHTML: () => ({}),
      },
      attribution: {
        default: "",
        parseHTML: (element) => element.querySelector("figcaption")?.textContent ?? "",
        renderHTML: () => ({}),
      },
      dir: {
        default: null,
        parseHTML: (element) => (DIRECTIONS.includes(element.getAttribute("dir")) ? element.getAttribute("dir") : null),
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-pullquote]" }]
  },

  renderHTML({ node }) {
    const { quote, attribution, dir } = node.attrs
    return [
      "figure",
      { "data-pullquote": "", ...(dir ? { dir } : {}) },
      ["blockquote", {}, quote],
      ...(attribution.trim() ? [["figcaption", {}, attribution]] : []),
    ]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const edit = () => {
        const position = getPos()
        askQuote(editor, node.attrs).then((attrs) => {
          if (attrs && typeof position === "number") {
            editor.chain().focus().command(({ tr }) => {
              tr.setNodeMarkup(position, undefined, attrs)
              return true
            }).run()
          }
        })
      }
      const box = constructBox({
        editor,
        getPos,
        tag: "figure",
        kind: "quote",
        icon: "format_quote",
        label: word("quote_dialog"),
        onEdit: edit,
      })
      const quote = crel("blockquote", { className: "compose-quote__text" })
      const attribution = crel("div", { className: "compose-quote__attribution" })
      const show = () => {
        quote.textContent = node.attrs.quote
        attribution.textContent = node.attrs.attribution
        attribution.hidden = !node.attrs.attribution
        for (const element of [quote, attribution]) {
          if (node.attrs.dir) element.dir = node.attrs.dir
          else element.removeAttribute("dir")
        }
      }
      box.body.append(quote, attribution)
      show()
      return {
        dom: box.dom,
        update(updated) {
          if (updated.type !== node.type) return false
          node = updated
          show()
          return true
        },
        stopEvent: box.stopEvent,
        ignoreMutation: box.ignoreMutation,
      }
    }
  },

  addCommands() {
    return {
      askPullQuote:
        () =>
        ({ editor, dispatch }) => {
          if (dispatch) {
            askQuote(editor, {}).then((attrs) => {
              if (attrs) insertBlock(editor, { type: this.name, attrs })
            })
          }
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "pullQuote",
      groups: "compose",
      button: buttons.material("format_quote", menuTitle("pullQuote")),
      command: (editor) => editor.commands.askPullQuote(),
    })
  },
})
