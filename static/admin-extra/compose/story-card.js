// A card for another story, by its number (newsroom/bodyblocks.py): <aside data-story="7"></aside>
// Picked among public stories; the box shows the headline and says when that story is not
// public (readers then see no card).
import { Node } from "django-prose-editor/editor"

import {
  ask,
  constructBox,
  crel,
  debounced,
  editedStoryId,
  field,
  insertBlock,
  menuTitle,
  openDialog,
  remembered,
  word,
} from "./common.js"

const storyCard = remembered((id) => ask(`stories/${id}/`))

function chooseStory(editor, choose) {
  const { body, close } = openDialog(editor, { title: word("story_dialog"), className: "compose-story-dialog" })
  const input = crel("input", { type: "search", autocomplete: "off" })
  const results = crel("ul", { className: "compose-results compose-results--stories" })
  const status = crel("p", { className: "compose-status", role: "status" })
  let latest = 0

  async function show() {
    const asked = ++latest
    status.textContent = word("loading")
    const answer = await ask("stories/", { q: input.value.trim(), exclude: editedStoryId() })
    if (asked !== latest) return
    results.replaceChildren()
    status.textContent = answer.ok ? (answer.results.length ? "" : word("nothing_found")) : answer.error
    for (const story of answer.results ?? []) {
      const button = crel("button", { type: "button", className: "compose-result" }, [
        crel("span", { className: "compose-result__title", textContent: story.headline }),
        crel("span", { className: "compose-result__text", textContent: story.published }),
      ])
      button.dataset.story = story.id
      button.addEventListener("click", () => {
        close()
        choose(story)
      })
      results.append(crel("li", {}, [button]))
    }
  }

  input.addEventListener("input", debounced(show))
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      show()
    }
  })
  body.append(field(word("story_search_label"), input), status, results)
  input.focus()
  show()
}

function showStory(box, answer) {
  if (!answer.ok) {
    box.dom.classList.add("compose-box--missing")
    box.body.replaceChildren(crel("div", { className: "compose-warning", textContent: answer.error }))
    return
  }
  const { headline, published, is_public: isPublic } = answer.story
  box.body.replaceChildren(
    crel("div", { className: "compose-story__headline", textContent: headline }),
    crel("div", { className: "compose-help", textContent: published }),
  )
  if (!isPublic) {
    box.dom.classList.add("compose-box--missing")
    box.body.append(crel("div", { className: "compose-warning", textContent: word("story_not_public") }))
  }
}

export const StoryCard = Node.create({
  name: "storyCard",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      storyId: { default: null, parseHTML: (element) => element.getAttribute("data-story"), renderHTML: () => ({}) },
    }
  },

  parseHTML() {
    return [{ tag: "aside[data-story]" }]
  },

  renderHTML({ node }) {
    return ["aside", { "data-story": node.attrs.storyId }]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const box = constructBox({ editor, getPos, tag: "aside", kind: "story", icon: "article", label: word("story_box") })
      box.body.textContent = word("loading")
      storyCard(node.attrs.storyId).then((answer) => showStory(box, answer))
      return {
        dom: box.dom,
        update: (updated) => updated.type === node.type && updated.attrs.storyId === node.attrs.storyId,
        stopEvent: box.stopEvent,
        ignoreMutation: box.ignoreMutation,
      }
    }
  },

  addCommands() {
    return {
      chooseStoryCard:
        () =>
        ({ editor, dispatch }) => {
          if (dispatch) {
            chooseStory(editor, (story) => insertBlock(editor, { type: this.name, attrs: { storyId: String(story.id) } }))
          }
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "storyCard",
      groups: "compose",
      button: buttons.material("article", menuTitle("storyCard")),
      command: (editor) => editor.commands.chooseStoryCard(),
    })
  },
})
