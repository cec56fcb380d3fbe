// The photo dialog: search the library (thumbnails, titles, captions, a page at a time) or
// upload a new photo there (the library's own checks, refusals in words), then hand the
// chosen photo to ``choose``.
import { alertLine, ask, crel, debounced, field, format, openDialog, send, word } from "./common.js"

function thumbnail(card) {
  if (!card.thumbnail) return crel("span", { className: "compose-thumbnail compose-thumbnail--none" })
  const { url, width, height } = card.thumbnail
  return crel("img", { className: "compose-thumbnail", src: url, width, height, alt: card.alt || "" })
}

function searchPanel(choose) {
  const input = crel("input", { type: "search", autocomplete: "off" })
  const results = crel("ul", { className: "compose-results compose-results--photos" })
  const status = crel("p", { className: "compose-status", role: "status" })
  const previous = crel("button", { type: "button", textContent: word("previous") })
  const next = crel("button", { type: "button", textContent: word("next") })
  const pager = crel("div", { className: "compose-pager" }, [previous, status, next])
  let page = 1
  let latest = 0

  async function show() {
    const asked = ++latest
    status.textContent = word("loading")
    const answer = await ask("photos/", { q: input.value.trim(), page })
    if (asked !== latest) return // a newer search is on its way
    results.replaceChildren()
    if (!answer.ok) {
      status.textContent = answer.error
      return
    }
    for (const card of answer.results) {
      const button = crel("button", { type: "button", className: "compose-result" }, [
        thumbnail(card),
        crel("span", { className: "compose-result__title", textContent: card.title }),
        crel("span", { className: "compose-result__text", textContent: card.caption }),
      ])
      button.dataset.photo = card.id
      button.addEventListener("click", () => choose(card))
      results.append(crel("li", {}, [button]))
    }
    page = answer.page
    previous.disabled = page <= 1
    next.disabled = page >= answer.pages
    status.textContent = answer.results.length
      ? format(word("page_of"), { page: answer.page, pages: answer.pages })
      : word("nothing_found")
  }

  const searchSoon = debounced(() => {
    page = 1
    show()
  })
  input.addEventListener("input", searchSoon)
  // Enter searches at once; it must not submit anything.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      page = 1
      show()
    }
  })
  previous.addEventListener("click", () => {
    page -= 1
    show()
  })
  next.addEventListener("click", () => {
    page += 1
    show()
  })
  show()
  return { element: crel("div", {}, [field(word("photo_search_label"), input), results, pager]), input }
}

function uploadPanel(choose) {
  const file = crel("input", { type: "file", name: "file", accept: word("photo_accept"), required: true })
  const text = (name, maxLength) => crel("input", { type: "text", name, maxLength })
  const error = alertLine()
  const submit = crel("button", { type: "submit", className: "default", textContent: word("photo_upload") })
  const form = crel("form", { className: "compose-upload" }, [
    field(word("photo_file"), file, word("photo_file_help")),
    field(word("photo_title"), text("title", 255)),
    field(word("photo_caption"), text("caption", 400)),
    field(word("photo_alt"), text("alt_text", 400)),
    field(word("photo_credit"), text("credit", 200)),
    error,
    crel("div", { className: "compose-dialog__buttons" }, [submit]),
  ])
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    error.textContent = ""
    submit.disabled = true
    const answer = await send("photos/upload/", new FormData(form))
    submit.disabled = false
    if (answer.ok) choose(answer.photo)
    else error.textContent = answer.error
  })
  return { element: form, input: file }
}

export function choosePhoto(editor, choose) {
  const { body, close } = openDialog(editor, { title: word("photo_dialog"), className: "compose-photo-dialog" })
  const picked = (card) => {
    close()
    choose(card)
  }
  const panels = { search: searchPanel(picked), upload: uploadPanel(picked) }
  const tabs = crel("div", { className: "compose-tabs", role: "tablist" })
  for (const [name, panel] of Object.entries(panels)) {
    const tab = crel("button", { type: "button", className: "compose-tab", textContent: word(`photo_${name}_tab`) })
    tab.setAttribute("role", "tab")
    panel.element.setAttribute("role", "tabpanel")
    tab.addEventListener("click", () => {
      for (const [other, { element }] of Object.entries(panels)) {
        element.hidden = other !== name
        tabs.querySelector(`[data-panel=${other}]`).setAttribute("aria-selected", String(other === name))
      }
      panel.input.focus()
    })
    tab.dataset.panel = name
    tab.setAttribute("aria-selected", String(name === "search"))
    panel.element.hidden = name !== "search"
    tabs.append(tab)
  }
  body.append(tabs, panels.search.element, panels.upload.element)
  panels.search.input.focus()
}
