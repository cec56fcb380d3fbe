// What the compose screen's editor parts share: the editor's words, the compose endpoints,
// dialogs, and the frame of the boxes that stand for photos, embeds, quotes and story cards.
import { crel } from "django-prose-editor/editor"

// The change form gives the words in the admin's language (ArticleAdmin.compose_strings(),
// rendered by json_script). A page without them still works, showing each word's key.
const given = document.getElementById("compose-strings")
const strings = given ? JSON.parse(given.textContent) : {}

export const word = (key) => strings.words?.[key] ?? key.replaceAll("_", " ")
export const menuTitle = (name) => strings.menu?.[name] ?? name
export const embedSite = (name) => strings.providers?.[name] ?? { label: name, title: "", kind: "post" }
export const directions = strings.directions ?? {}

export const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_match, name) => values[name] ?? "")

// Python's ngettext gave one form per plural category; the browser knows which category a
// number falls in, in the admin's language.
const pluralRules = new Intl.PluralRules(document.documentElement.lang || "en")
export function counted(key, count) {
  const forms = strings.plurals?.[key] ?? {}
  return format(forms[pluralRules.select(count)] ?? forms.other ?? key, { count })
}

export { crel }

// Endpoints ------------------------------------------------------------------------------

// The compose endpoints sit beside the story's admin pages, under the same language prefix.
const STORY_PAGE = /\/(?:add|(\d+)\/change)\/?$/
export const composeAddress = (route) => location.pathname.replace(STORY_PAGE, "/compose/") + route
export const editedStoryId = () => location.pathname.match(STORY_PAGE)?.[1] ?? ""

const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? ""

async function answerOf(request) {
  try {
    const response = await request
    const data = await response.json()
    return response.ok ? { ok: true, ...data } : { ok: false, status: response.status, ...data }
  } catch {
    // No answer, or not JSON (a login page after the session expired).
    return { ok: false, error: word("no_answer") }
  }
}

export function ask(route, parameters = {}) {
  const address = new URL(composeAddress(route), location.origin)
  for (const [name, value] of Object.entries(parameters)) address.searchParams.set(name, value)
  return answerOf(fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } }))
}

export function send(route, body) {
  return answerOf(
    fetch(composeAddress(route), {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    }),
  )
}

// Answers for one id are asked once per page: the same photo or story may appear twice.
export function remembered(ask) {
  const answers = new Map()
  return (id) => {
    if (!answers.has(id)) {
      const answer = ask(id)
      answers.set(id, answer)
      // A lost connection is asked again next time; "deleted" is an answer.
      answer.then((result) => result.ok || result.status || answers.delete(id))
    }
    return answers.get(id)
  }
}

export function debounced(action, delay = 250) {
  let timer
  return (...args) => {
    clearTimeout(timer)
    timer = setTimeout(() => action(...args), delay)
  }
}

// Dialogs --------------------------------------------------------------------------------

let dialogCount = 0

// A modal dialog at the end of the page, outside the story's form: its fields are never sent
// with the story. Closing it (Escape, the close button) removes it and gives the editor back
// its focus.
export function openDialog(editor, { title, className = "" }) {
  const heading = crel("h2", { id: `compose-dialog-${++dialogCount}`, textContent: title })
  const close = crel("button", { type: "button", className: "compose-dialog__close", textContent: "×" })
  close.setAttribute("aria-label", word("close"))
  const body = crel("div", { className: "compose-dialog__body" })
  const dialog = crel("dialog", { className: `compose-dialog ${className}` }, [
    crel("div", { className: "compose-dialog__head" }, [heading, close]),
    body,
  ])
  dialog.setAttribute("aria-labelledby", heading.id)
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    dialog.remove()
    editor.commands.focus()
  })
  document.body.append(dialog)
  dialog.showModal()
  return { dialog, body, close: () => dialog.close() }
}

export function field(label, control, help = "") {
  const id = `compose-field-${++dialogCount}`
  control.id = id
  const parts = [crel("label", { htmlFor: id, textContent: label }), control]
  if (help) {
    const hint = crel("p", { className: "compose-help", id: `${id}-help`, textContent: help })
    control.setAttribute("aria-describedby", hint.id)
    parts.push(hint)
  }
  return crel("div", { className: "compose-field" }, parts)
}

export const alertLine = () => crel("p", { className: "compose-error", role: "alert" })

// A dialog holding a small form. ``submit(values)`` answers {error} to keep the dialog open
// with that message, anything else to close it. Resolves with that answer, or null when
// the dialog was closed without submitting.
export function formDialog(editor, { title, fields, submitText, submit }) {
  return new Promise((resolve) => {
    const { dialog, body, close } = openDialog(editor, { title, className: "compose-form-dialog" })
    const form = crel("form", { method: "dialog" })
    const error = alertLine()
    const controls = {}
    for (const { name, label, help, control } of fields) {
      controls[name] = control
      form.append(field(label, control, help))
    }
    const submitButton = crel("button", { type: "submit", className: "default", textContent: submitText })
    const cancel = crel("button", { type: "button", textContent: word("cancel") })
    cancel.addEventListener("click", close)
    form.append(error, crel("div", { className: "compose-dialog__buttons" }, [submitButton, cancel]))
    body.append(form)
    let answer = null
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const values = Object.fromEntries(
        Object.entries(controls).map(([name, control]) => [
          name,
          control.type === "checkbox" ? control.checked : control.value,
        ]),
      )
      submitButton.disabled = true
      const result = await submit(values)
      submitButton.disabled = false
      if (result?.error) {
        error.textContent = result.error
        return
      }
      answer = result ?? values
      close()
    })
    dialog.addEventListener("close", () => resolve(answer))
  })
}

// Boxes in the text ---------------------------------------------------------------------------

// The frame of a construct's box in the editor: a bar naming it, with buttons, above what
// the construct shows. The box is not editable text; its own fields are.
export function constructBox({ editor, getPos, tag, kind, icon, label, onEdit = null }) {
  const iconElement = crel("span", { className: "material-icons", textContent: icon })
  iconElement.setAttribute("aria-hidden", "true")
  const name = crel("span", { className: "compose-box__label", textContent: label })
  const buttons = crel("span", { className: "compose-box__buttons" })
  const bar = crel("div", { className: "compose-box__bar" }, [iconElement, name, buttons])
  bar.dataset.dragHandle = ""
  const body = crel("div", { className: "compose-box__body" })
  const dom = crel(tag, { className: `compose-box compose-box--${kind}`, contentEditable: "false" }, [bar, body])

  const button = (text, action) => {
    const element = crel("button", { type: "button", className: "compose-box__button", textContent: text })
    element.addEventListener("click", (event) => {
      event.preventDefault()
      action()
    })
    buttons.append(element)
    return element
  }
  if (onEdit) {
    button(word("edit"), onEdit)
    dom.addEventListener("dblclick", onEdit)
  }
  button(word("remove"), () => {
    const position = getPos()
    const node = typeof position === "number" ? editor.state.doc.nodeAt(position) : null
    if (node) editor.chain().focus().deleteRange({ from: position, to: position + node.nodeSize }).run()
  })

  return {
    dom,
    body,
    label: name,
    setAttribute(name, value) {
      const position = getPos()
      if (typeof position === "number") editor.view.dispatch(editor.state.tr.setNodeAttribute(position, name, value))
    },
    // Typing and clicking in the box's own fields and buttons stays theirs, not the editor's.
    stopEvent: (event) => event.target instanceof Element && !!event.target.closest("input, textarea, select, button"),
    ignoreMutation: () => true,
  }
}

// A text field inside a box that keeps one attribute of the construct.
export function attributeInput(box, node, name, { label, placeholder = "", maxLength = 400, dir = "" }) {
  const input = crel("input", { type: "text", value: node.attrs[name] ?? "", placeholder, maxLength })
  if (dir) input.dir = dir
  input.addEventListener("input", () => box.setAttribute(name, input.value))
  // The box sits inside the story's form: Enter here must not save the story.
  input.addEventListener("keydown", (event) => event.key === "Enter" && event.preventDefault())
  const wrapper = field(label, input)
  wrapper.classList.add("compose-box__field")
  return { wrapper, input }
}

// Writing goes on below a block just put in the text, as in other editors: with the block
// itself selected, the next keystroke or insertion would replace it.
export function continueAfterBlock(editor) {
  const { selection, doc } = editor.state
  if (selection.empty && selection.$from.parent.inlineContent) return
  const after = selection.to
  if (doc.resolve(after).nodeAfter?.type.name === "paragraph") {
    editor.chain().focus().setTextSelection(after + 1).run()
  } else {
    editor.chain().focus().insertContentAt(after, { type: "paragraph" }).setTextSelection(after + 1).run()
  }
}

export function insertBlock(editor, content) {
  editor.chain().focus().insertContent(content).run()
  continueAfterBlock(editor)
}
