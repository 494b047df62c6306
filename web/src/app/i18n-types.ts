/** Same keys as the zh-CN source, every leaf a string: keeps locale files in sync. */
export type LocaleShape<T> = {
  [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]>;
};
