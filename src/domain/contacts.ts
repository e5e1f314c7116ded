/** People at the customer, linked to deals; read from "one per line" text. */

export interface ContactInput {
  readonly name: string;
  readonly title: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export const MAX_CONTACTS = 10;
export const MAX_CONTACT_FIELD = 200;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const PHONE = /^\+?[\d\s().-]{6,}$/;

export type ContactsParse =
  | { readonly ok: true; readonly contacts: readonly ContactInput[] }
  | { readonly ok: false; readonly problem: ContactsProblem };

/** Why the contacts text can't be read; `part` and `line` as typed. */
export type ContactsProblem =
  | { readonly kind: "too_many"; readonly limit: number; readonly count: number }
  | { readonly kind: "part_too_long"; readonly part: string; readonly limit: number }
  | { readonly kind: "no_name"; readonly line: string };

/**
 * One contact per line: a name, then in any order a title, an email and a phone, separated by
 * commas ("Jane Doe, CTO, jane@acme.com") or written "Jane Doe <jane@acme.com>".
 */
export function parseContacts(text: string): ContactsParse {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length > MAX_CONTACTS)
    return { ok: false, problem: { kind: "too_many", limit: MAX_CONTACTS, count: lines.length } };
  const contacts: ContactInput[] = [];
  for (const line of lines) {
    const parts = line
      .replace(/<([^>]*)>/g, ",$1,")
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter((p) => p !== "");
    let name: string | undefined;
    let title: string | null = null;
    let email: string | null = null;
    let phone: string | null = null;
    for (const part of parts) {
      if (part.length > MAX_CONTACT_FIELD)
        return { ok: false, problem: { kind: "part_too_long", part, limit: MAX_CONTACT_FIELD } };
      if (EMAIL.test(part) && email === null) email = part.toLowerCase();
      else if (PHONE.test(part) && phone === null) phone = part;
      else if (name === undefined) name = part;
      else if (title === null) title = part;
      else title = `${title}, ${part}`.slice(0, MAX_CONTACT_FIELD);
    }
    if (!name) {
      if (!email) return { ok: false, problem: { kind: "no_name", line } };
      name = email.split("@")[0]!;
    }
    contacts.push({ name, title, email, phone });
  }
  return { ok: true, contacts };
}

/** The line parseContacts reads back into the same contact. */
export function formatContact(contact: ContactInput): string {
  return [contact.name, contact.title, contact.email, contact.phone]
    .filter((p): p is string => p !== null && p !== "")
    .join(", ");
}

export function sameContacts(a: readonly ContactInput[], b: readonly ContactInput[]): boolean {
  return a.map(formatContact).join("\n") === b.map(formatContact).join("\n");
}
