// Simple tables (a header row, cells): django-prose-editor's table, whose insert dialog
// offers the header row as "Yes"/"No" values it cannot translate. Here the dialog asks in the
// admin's words, with a checkbox.
import { crel, Table } from "django-prose-editor/editor"

import { formDialog, word } from "./common.js"

const count = (value) => crel("input", { type: "number", min: "1", max: "30", value, required: true })

function askTableSize(editor) {
  const headerRow = crel("input", { type: "checkbox", checked: true })
  return formDialog(editor, {
    title: word("table_dialog"),
    submitText: word("insert"),
    fields: [
      { name: "rows", label: word("table_rows"), control: count("3") },
      { name: "cols", label: word("table_columns"), control: count("3") },
      { name: "withHeaderRow", label: word("table_header_row"), control: headerRow },
    ],
    submit: (values) => {
      editor
        .chain()
        .focus()
        .insertTable({
          rows: Number.parseInt(values.rows, 10) || 3,
          cols: Number.parseInt(values.cols, 10) || 3,
          withHeaderRow: values.withHeaderRow,
        })
        .run()
    },
  })
}

export const ComposeTable = Table.extend({
  addCommands() {
    return {
      ...this.parent?.(),
      insertTableWithOptions:
        () =>
        ({ editor, dispatch }) => {
          if (dispatch) askTableSize(editor)
          return true
        },
    }
  },
})
