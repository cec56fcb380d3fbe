// The story body's editor parts, loaded by django-prose-editor's configurable preset
// (DJANGO_PROSE_EDITOR_EXTENSIONS in newsroom/settings.py, enabled by
// articles.models.BODY_EDITOR_EXTENSIONS).
export { Embed } from "./embed.js"
export { LibraryPhoto } from "./library-photo.js"
export { PasteGuard } from "./paste-guard.js"
export { PullQuote } from "./pull-quote.js"
export { StoryCard } from "./story-card.js"
export { ComposeTable } from "./table.js"
export { ParagraphDirection } from "./direction.js"
