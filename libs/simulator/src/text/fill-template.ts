/** The values a text template may name as `{first}`, `{order}`, `{product}`, `{amount}`, `{days}`, `{company}`. */
export type TemplateValues = Readonly<Record<string, string | number>>;

/** Replaces `{name}` with its value; an unknown name is a bug in a template, so it throws. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template value {${name}} is missing in "${template}"`);
    return String(value);
  });
}
