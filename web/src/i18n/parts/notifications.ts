// Messages of the notifications UI: zh is the schema, en must have the same keys (checked by the compiler).
export const zh = {}

export const en: typeof zh = {}
