import type { Directive } from 'vue'

// Under an element of class `card-tables`, styles/main.css turns every table into a list of
// cards on a phone; this directive gives each cell its column's header as a label, so a card
// still says what each value is. One mechanism for every table of the patient pages, which
// stay plain el-tables.

function label(root: HTMLElement): void {
  for (const table of root.querySelectorAll<HTMLElement>('.el-table')) {
    const heads = [...table.querySelectorAll('.el-table__header-wrapper th')].map((th) => th.textContent?.trim() ?? '')
    for (const row of table.querySelectorAll('.el-table__body-wrapper tbody tr')) {
      row.querySelectorAll('td').forEach((td, i) => {
        const text = heads[i]
        if (text && td.dataset.label !== text) td.dataset.label = text
      })
    }
  }
}

const observers = new WeakMap<HTMLElement, MutationObserver>()

export const vCardTables: Directive<HTMLElement> = {
  mounted(el) {
    let queued = false
    // Rows and headers (a language switch) change after mount; labels follow them. Only
    // children and text are watched, so writing the labels does not wake the observer.
    const observer = new MutationObserver(() => {
      if (queued) return
      queued = true
      requestAnimationFrame(() => {
        queued = false
        label(el)
      })
    })
    observer.observe(el, { childList: true, subtree: true, characterData: true })
    observers.set(el, observer)
    label(el)
  },
  unmounted(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}
