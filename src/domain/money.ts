/**
 * Money as exact decimals: amounts are normalised decimal strings and every sum, comparison and
 * percentage is computed on BigInt, so a 1e13 amount with cents never passes through a float.
 * Reading amounts is generous (12k, $12,000, 12.000,50 EUR, £3k); where a reading is ambiguous we
 * say so instead of guessing, and every refusal says what would work.
 */

import { truncateText } from "./command-text.ts";

export interface Money {
  /** Normalised decimal string: no sign for positives, no exponent, no leading zeros, no trailing fraction zeros ("12000", "1500000.5"). */
  readonly amount: string;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

export type AmountParseResult =
  | { readonly ok: true; readonly money: Money; readonly echo: string }
  | { readonly ok: false; readonly problem: AmountProblem };

/**
 * Why a text is not an amount, with what would work: `input` as typed (trimmed); `thousands`,
 * `decimal` and `rounded` as the app writes numbers ("12000", "12", "1,234.57").
 */
export type AmountProblem =
  | { readonly kind: "empty" }
  | { readonly kind: "unreadable"; readonly input: string }
  | { readonly kind: "no_number"; readonly input: string; readonly currency: string }
  | { readonly kind: "kr_ambiguous" }
  | { readonly kind: "unknown_currency"; readonly currency: string }
  | {
      readonly kind: "two_currencies";
      readonly input: string;
      readonly first: string;
      readonly second: string;
    }
  | {
      readonly kind: "ambiguous_separator";
      readonly input: string;
      readonly thousands: string;
      readonly decimal: string;
    }
  | { readonly kind: "negative" }
  | { readonly kind: "zero" }
  | { readonly kind: "too_large"; readonly input: string }
  | { readonly kind: "no_minor_units"; readonly currency: string; readonly rounded: string }
  | {
      readonly kind: "too_many_decimals";
      readonly input: string;
      readonly currency: string;
      readonly minorUnits: number;
      readonly rounded: string;
    };

export interface AmountInText {
  readonly money: Money;
  readonly echo: string;
  /** UTF-16 offsets into the searched text; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface FormatMoneyOptions {
  /** "$12k", "$1.5M": three significant digits from a thousand up. */
  readonly compact?: boolean;
}

/** Common ISO 4217 codes and their minor units (JPY has none, KWD has three). */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ["USD", 2],
  ["EUR", 2],
  ["GBP", 2],
  ["JPY", 0],
  ["CHF", 2],
  ["CAD", 2],
  ["AUD", 2],
  ["NZD", 2],
  ["CNY", 2],
  ["HKD", 2],
  ["SGD", 2],
  ["INR", 2],
  ["KRW", 0],
  ["TWD", 2],
  ["THB", 2],
  ["MYR", 2],
  ["IDR", 2],
  ["PHP", 2],
  ["VND", 0],
  ["PKR", 2],
  ["BDT", 2],
  ["LKR", 2],
  ["SEK", 2],
  ["NOK", 2],
  ["DKK", 2],
  ["ISK", 0],
  ["PLN", 2],
  ["CZK", 2],
  ["HUF", 2],
  ["RON", 2],
  ["BGN", 2],
  ["TRY", 2],
  ["RUB", 2],
  ["UAH", 2],
  ["ILS", 2],
  ["AED", 2],
  ["SAR", 2],
  ["QAR", 2],
  ["KWD", 3],
  ["BHD", 3],
  ["OMR", 3],
  ["JOD", 3],
  ["IQD", 3],
  ["EGP", 2],
  ["MAD", 2],
  ["TND", 3],
  ["NGN", 2],
  ["KES", 2],
  ["GHS", 2],
  ["ZAR", 2],
  ["BRL", 2],
  ["MXN", 2],
  ["ARS", 2],
  ["CLP", 0],
  ["COP", 2],
  ["PEN", 2],
  ["UYU", 2],
  ["XOF", 0],
  ["XAF", 0],
]);

/** Every currency code this module knows, for a currency picker. */
export const CURRENCY_CODES: readonly string[] = [...MINOR_UNITS.keys()];

/** True for a known ISO 4217 code written in upper case ("USD", not "usd"). */
export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Digits after the decimal point the currency uses, or undefined for a code we don't know. */
export function currencyMinorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code);
}

function minorUnitsOf(code: string): number {
  return MINOR_UNITS.get(code) ?? 2;
}

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic. A value is units / 10^scale.

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function toScaled(amount: string): Scaled | undefined {
  const match = PLAIN_DECIMAL.exec(amount);
  if (!match) return undefined;
  const whole = match[2]!;
  const fraction = match[3] ?? "";
  if (whole === "" && fraction === "") return undefined;
  const units = BigInt(`${whole}${fraction}` || "0");
  return { units: match[1] === "-" ? -units : units, scale: fraction.length };
}

function scaledOrThrow(amount: string): Scaled {
  const scaled = toScaled(amount);
  if (!scaled) throw new RangeError(`Not a decimal amount: ${JSON.stringify(truncateText(amount, 40))}`);
  return scaled;
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    const whole = digits.slice(0, -scale);
    const fraction = digits.slice(-scale).replace(/0+$/, "");
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative ? `-${digits}` : digits;
}

/** Brings two values to the same scale so their units can be added or compared. */
function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

type Rounding = "half-even" | "half-expand";

function roundScaled(value: Scaled, targetScale: number, mode: Rounding): Scaled {
  if (value.scale <= targetScale) return value;
  const divisor = pow10(value.scale - targetScale);
  let quotient = value.units / divisor; // truncates toward zero
  const remainder = value.units % divisor;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = value.units < 0n ? -1n : 1n;
  if (twiceRemainder > divisor) quotient += away;
  else if (twiceRemainder === divisor && (mode === "half-expand" || quotient % 2n !== 0n)) quotient += away;
  return { units: quotient, scale: targetScale };
}

function fractionDigits(amount: string): number {
  const dot = amount.indexOf(".");
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/**
 * Any plain decimal ("012.50", "-3", ".5") in normalised form ("12.5", "-3", "0.5"), or undefined.
 * For values coming from storage, whose decimals may carry trailing zeros.
 */
export function normaliseAmount(text: string): string | undefined {
  const scaled = toScaled(text.trim());
  return scaled && fromScaled(scaled);
}

export function addAmounts(a: string, b: string): string {
  const [x, y, scale] = align(scaledOrThrow(a), scaledOrThrow(b));
  return fromScaled({ units: x + y, scale });
}

/** a − b; may be negative (a change since last week, say). */
export function subtractAmounts(a: string, b: string): string {
  const [x, y, scale] = align(scaledOrThrow(a), scaledOrThrow(b));
  return fromScaled({ units: x - y, scale });
}

export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(scaledOrThrow(a), scaledOrThrow(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Reading amounts.

const MAX_AMOUNT: Scaled = { units: 10_000_000_000_000n, scale: 0 };
const MAX_INPUT_LENGTH = 80;
/** Amounts that read well, for words that say what would work. */
export const AMOUNT_EXAMPLES = "12000, 12k, $12,000 or 12000 EUR";

/** Longest first, so "US$" wins over "$". Letters match in any case. */
const SYMBOLS: ReadonlyArray<readonly [string, string]> = (
  [
    ["US$", "USD"],
    ["CA$", "CAD"],
    ["C$", "CAD"],
    ["AU$", "AUD"],
    ["A$", "AUD"],
    ["NZ$", "NZD"],
    ["HK$", "HKD"],
    ["S$", "SGD"],
    ["R$", "BRL"],
    ["MX$", "MXN"],
    ["NT$", "TWD"],
    ["CN¥", "CNY"],
    ["$", "USD"],
    ["€", "EUR"],
    ["£", "GBP"],
    ["¥", "JPY"],
    ["￥", "JPY"],
    ["₹", "INR"],
    ["₩", "KRW"],
    ["₪", "ILS"],
    ["₺", "TRY"],
    ["₱", "PHP"],
    ["₽", "RUB"],
    ["₫", "VND"],
    ["₦", "NGN"],
    ["₴", "UAH"],
    ["zł", "PLN"],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** Codes that are also English words or names: in free text only "TRY", never "try" or "Try". */
const WORDLIKE_CODES: ReadonlySet<string> = new Set(["TRY", "MAD", "PEN", "RON", "CAD"]);

const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 3,
  thousand: 3,
  m: 6,
  mn: 6,
  million: 6,
  b: 9,
  bn: 9,
  billion: 9,
};

type CurrencyMark =
  | { readonly kind: "code"; readonly code: string; readonly length: number }
  | { readonly kind: "unknown"; readonly text: string; readonly length: number }
  | { readonly kind: "kr"; readonly length: number };

function symbolAt(text: string, index: number): readonly [string, string] | undefined {
  for (const entry of SYMBOLS) {
    const candidate = text.slice(index, index + entry[0].length);
    if (candidate.toUpperCase() === entry[0].toUpperCase()) return entry;
  }
  return undefined;
}

/** A currency symbol, code or "kr" at the start of text; `followedBy` says what may come next. */
function readCurrency(text: string, followedBy: RegExp): CurrencyMark | undefined {
  const symbol = symbolAt(text, 0);
  if (symbol) return { kind: "code", code: symbol[1], length: symbol[0].length };
  const kr = /^kr\.?/i.exec(text);
  if (kr && followedBy.test(text.slice(kr[0].length))) return { kind: "kr", length: kr[0].length };
  const letters = /^[A-Za-z]{3}/.exec(text);
  if (!letters || !followedBy.test(text.slice(3))) return undefined;
  const code = letters[0].toUpperCase();
  return MINOR_UNITS.has(code)
    ? { kind: "code", code, length: 3 }
    : { kind: "unknown", text: letters[0], length: 3 };
}

type NumberRead =
  | { readonly kind: "number"; readonly value: Scaled }
  | { readonly kind: "ambiguous"; readonly whole: string; readonly fraction: string }
  | { readonly kind: "unreadable" };

const GROUPED_WESTERN = /^[1-9]\d{0,2}(?:,\d{3})+$/;
// Indian lakh/crore grouping (1,00,000 and 1,00,00,000), common with ₹.
const GROUPED_INDIAN = /^[1-9]\d?(?:,\d{2})+,\d{3}$/;

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Digits of the whole part once its one kind of thousands separator is validated and removed. */
function readWhole(whole: string): string | undefined {
  if (/^\d*$/.test(whole)) return whole;
  const separators = new Set(whole.replace(/\d/g, "").replace(/\s+/g, " ").replace(/’/g, "'"));
  if (separators.size !== 1) return undefined;
  const [separator] = separators;
  const unified = whole.replace(/\s+/g, ",").replace(/['’.]/g, ",");
  if (GROUPED_WESTERN.test(unified) || (separator === "," && GROUPED_INDIAN.test(unified))) {
    return unified.replace(/,/g, "");
  }
  return undefined;
}

/**
 * The number part of an amount. The rule for a lone "," or "." follows what people mean:
 * two separators of different kinds → the last one is the decimal mark (12,000.50 and 12.000,50);
 * one kind repeated → thousands (1,000,000 and 1.000.000); a lone mark before anything but three
 * digits → decimal (12,5 and 1,2m are 12.5 and 1.2m); ",000" → thousands (12,000 is twelve
 * thousand); ".000" → ambiguous (12.000 is 12 or 12000 depending on who wrote it) unless a
 * multiplier or a three-decimal currency settles it.
 */
function readNumber(raw: string, multiplied: boolean, minorUnits: number): NumberRead {
  if (!/^[\d.,'’\s]+$/.test(raw) || !/\d/.test(raw)) return { kind: "unreadable" };
  const dots = count(raw, ".");
  const commas = count(raw, ",");
  let decimalAt = -1;
  if (dots > 0 && commas > 0) {
    decimalAt = Math.max(raw.lastIndexOf("."), raw.lastIndexOf(","));
    if (count(raw, raw[decimalAt]!) !== 1) return { kind: "unreadable" };
  } else if (dots + commas === 1) {
    const at = raw.search(/[.,]/);
    const before = raw.slice(0, at);
    const after = raw.slice(at + 1);
    const couldBeThousands = /^\d{3}$/.test(after) && /^[1-9]\d{0,2}$/.test(before);
    if (!couldBeThousands) decimalAt = at;
    else if (raw[at] === "." && (multiplied || minorUnits === 3)) decimalAt = at;
    else if (raw[at] === ".") return { kind: "ambiguous", whole: before, fraction: after };
    // else ",000": thousands
  }
  const whole = decimalAt === -1 ? raw : raw.slice(0, decimalAt);
  const fraction = decimalAt === -1 ? "" : raw.slice(decimalAt + 1);
  if (decimalAt !== -1 && !/^\d+$/.test(fraction)) return { kind: "unreadable" };
  const wholeDigits = readWhole(whole);
  if (wholeDigits === undefined || (wholeDigits === "" && fraction === "")) return { kind: "unreadable" };
  return {
    kind: "number",
    value: { units: BigInt(`${wholeDigits}${fraction}` || "0"), scale: fraction.length },
  };
}

/** Groups digits in threes with commas: "1500000.5" → "1,500,000.50" for a two-decimal currency. */
function groupDigits(amount: string, minorUnits: number): string {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction] = (negative ? amount.slice(1) : amount).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = negative ? "-" : "";
  return fraction === undefined
    ? `${sign}${grouped}`
    : `${sign}${grouped}.${fraction.padEnd(minorUnits, "0")}`;
}

/** How the app repeats back an amount it read: always the code, so "$" can't be misread. */
function echoOf(money: Money): string {
  return `${money.currency} ${groupDigits(money.amount, minorUnitsOf(money.currency))}`;
}

/**
 * Reads an amount as people type it: 12k, 1.5m, $12,000, 12,000.50, 12 000 EUR, EUR 12000,
 * €12.000,50, £3k, ¥500000, 12.5k usd, 1,2m (= 1.2 million). Refuses, with the problem and what
 * would work: negatives, zero, amounts above 10 trillion, more decimals than the currency has,
 * unknown codes, two different currencies, "kr" (SEK, NOK, DKK or ISK?) and 12.000 (12 or 12000?).
 */
export function parseAmount(text: string, defaultCurrency: string): AmountParseResult {
  const input = text.trim();
  const fail = (problem: AmountProblem): AmountParseResult => ({ ok: false, problem });
  if (input === "") return fail({ kind: "empty" });
  if (input.length > MAX_INPUT_LENGTH) return fail({ kind: "unreadable", input });

  let rest = input;
  let negative = false;
  const takeSign = () => {
    const sign = /^[-−–]\s*/.exec(rest);
    if (sign) {
      negative = true;
      rest = rest.slice(sign[0].length);
    }
  };

  takeSign();
  const prefix = readCurrency(rest, /^(?:\s|\d|[.,\-−–]|$)/);
  if (prefix) rest = rest.slice(prefix.length).trimStart();
  takeSign();

  const numberPart = /^[\d.,'’_]+(?:\s+[\d.,'’_]+)*/.exec(rest)?.[0] ?? "";
  rest = rest.slice(numberPart.length);
  const multiplierMatch = /^\s*(thousand|million|billion|bn|mn|k|m|b)(?![\p{L}\p{N}])/iu.exec(rest);
  if (multiplierMatch) rest = rest.slice(multiplierMatch[0].length);
  rest = rest.trimStart();
  const suffix = rest === "" ? undefined : readCurrency(rest, /^$/);
  if (suffix) rest = rest.slice(suffix.length);
  if (rest !== "") return fail({ kind: "unreadable", input });

  if (numberPart === "") {
    const code = prefix?.kind === "code" ? prefix.code : suffix?.kind === "code" ? suffix.code : undefined;
    return code ? fail({ kind: "no_number", input, currency: code }) : fail({ kind: "unreadable", input });
  }
  for (const mark of [prefix, suffix]) {
    if (mark?.kind === "kr") return fail({ kind: "kr_ambiguous" });
    if (mark?.kind === "unknown") return fail({ kind: "unknown_currency", currency: mark.text });
  }
  const prefixCode = prefix?.kind === "code" ? prefix.code : undefined;
  const suffixCode = suffix?.kind === "code" ? suffix.code : undefined;
  if (prefixCode && suffixCode && prefixCode !== suffixCode) {
    return fail({ kind: "two_currencies", input, first: prefixCode, second: suffixCode });
  }
  const currency = prefixCode ?? suffixCode ?? defaultCurrency.trim().toUpperCase();

  const minorUnits = minorUnitsOf(currency);
  const read = readNumber(numberPart, multiplierMatch !== null, minorUnits);
  if (read.kind === "unreadable") return fail({ kind: "unreadable", input });
  if (read.kind === "ambiguous") {
    const thousands = `${read.whole}${read.fraction}`;
    const decimal = fromScaled({ units: BigInt(thousands), scale: 3 });
    return fail({ kind: "ambiguous_separator", input, thousands, decimal });
  }
  if (negative) return fail({ kind: "negative" });

  const exponent = multiplierMatch ? MULTIPLIERS[multiplierMatch[1]!.toLowerCase()]! : 0;
  const { units, scale } = read.value;
  const expanded =
    scale >= exponent
      ? { units, scale: scale - exponent }
      : { units: units * pow10(exponent - scale), scale: 0 };
  const amount = fromScaled(expanded);
  if (expanded.units === 0n) {
    return fail({ kind: "zero" });
  }
  const [value, max] = align(expanded, MAX_AMOUNT);
  if (value > max) {
    return fail({ kind: "too_large", input });
  }
  if (fractionDigits(amount) > minorUnits) {
    const rounded = groupDigits(fromScaled(roundScaled(expanded, minorUnits, "half-even")), minorUnits);
    return minorUnits === 0
      ? fail({ kind: "no_minor_units", currency, rounded })
      : fail({ kind: "too_many_decimals", input, currency, minorUnits, rounded });
  }
  const money = { amount, currency };
  return { ok: true, money, echo: echoOf(money) };
}

// ---------------------------------------------------------------------------------------------
// Finding an amount inside free text ("Acme renewal 12k @ana next friday").

const NUMBER_CORE = /\d+(?:[.,'’ \u00a0\u202f\u2009]\d+)*/g;
/** What may not touch an amount on its left: "D-12", "#12", "v2", "2026-12-01", "10:30", "+1 555". */
const BLOCKED_LEFT = /[\p{L}\p{N}_\-−–/#:.,'’+@\\=&]/u;
/** What may not touch it on the right: "12/01", "12-15", "20%", "5th", "12:30". */
const BLOCKED_RIGHT = /^(?:[\p{L}\p{N}_\-−–:%#@+]|[/.,'’]\d)/u;
/** Bare numbers followed by these are counts or durations, not money. */
const COUNTED =
  /^\s+(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|seats?|users?|licen[cs]es?|people|employees|units|pcs)(?![\p{L}])/iu;

function codeAllowedInText(written: string, code: string): boolean {
  if (written === code) return true;
  return written === code.toLowerCase() && !WORDLIKE_CODES.has(code);
}

/** A currency mark ending right at `index` (allowing one space): "$", "US$", "EUR ". */
function currencyBefore(text: string, index: number): { start: number; code: string } | undefined {
  const end = text[index - 1] === " " ? index - 1 : index;
  for (const [symbol, code] of SYMBOLS) {
    const start = end - symbol.length;
    if (start >= 0 && text.slice(start, end).toUpperCase() === symbol.toUpperCase()) return { start, code };
  }
  const start = end - 3;
  if (start < 0) return undefined;
  const written = text.slice(start, end);
  const code = written.toUpperCase();
  if (!/^[A-Za-z]{3}$/.test(written) || !MINOR_UNITS.has(code) || !codeAllowedInText(written, code)) {
    return undefined;
  }
  return { start, code };
}

/** A currency mark starting right at `index` (allowing one space) and ending the word. */
function currencyAfter(text: string, index: number): { end: number; code: string } | undefined {
  const start = text[index] === " " ? index + 1 : index;
  const boundary = (end: number) => end >= text.length || !/[\p{L}\p{N}]/u.test(text[end]!);
  const symbol = symbolAt(text, start);
  if (symbol && boundary(start + symbol[0].length)) return { end: start + symbol[0].length, code: symbol[1] };
  const written = text.slice(start, start + 3);
  const code = written.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(written) && MINOR_UNITS.has(code) && codeAllowedInText(written, code)) {
    return boundary(start + 3) ? { end: start + 3, code } : undefined;
  }
  return undefined;
}

/** The whole code point ending at index, so a letter outside the BMP still counts as a letter. */
function codePointBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  const high = text.charCodeAt(index - 2);
  const paired = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return text.slice(paired ? index - 2 : index - 1, index);
}

interface Candidate {
  readonly found: AmountInText;
  /** Marked as money (currency, multiplier or thousands separators), not just a number. */
  readonly strong: boolean;
}

function candidateAt(
  text: string,
  index: number,
  core: string,
  defaultCurrency: string,
): Candidate | undefined {
  const prefix = currencyBefore(text, index);
  const start = prefix?.start ?? index;
  if (start > 0 && BLOCKED_LEFT.test(codePointBefore(text, start))) return undefined;
  let end = index + core.length;
  const multiplier =
    /^(?:(?:k|m|b|bn|mn)(?![\p{L}\p{N}])|\s(?:thousand|million|billion)(?![\p{L}\p{N}]))/iu.exec(
      text.slice(end, end + 10),
    );
  if (multiplier) end += multiplier[0].length;
  const suffix = currencyAfter(text, end);
  const suffixUsed = suffix && (!prefix || prefix.code === suffix.code) ? suffix : undefined;
  if (suffixUsed) end = suffixUsed.end;
  const hasCurrency = prefix !== undefined || suffixUsed !== undefined;
  // "in 3 100 days" is not 3100: spaces group thousands only next to a currency.
  if (/\s/.test(core) && !hasCurrency) return undefined;
  const following = text.slice(end, end + 2);
  if (BLOCKED_RIGHT.test(following)) {
    const allowedUnit = hasCurrency && following[0] === "/" && /^\/\p{L}/u.test(following);
    if (!allowedUnit) return undefined;
  }
  const parsed = parseAmount(text.slice(start, end), defaultCurrency);
  if (!parsed.ok) return undefined;
  const found = { money: parsed.money, echo: parsed.echo, start, end };
  const separated = /[.,'’\s]/.test(core) && compareAmounts(parsed.money.amount, "1000") >= 0;
  if (hasCurrency || multiplier || separated) return { found, strong: true };
  const wholeDigits = core.split(/[.,]/)[0]!;
  const looksLikeYear = /^(?:19|20)\d\d$/.test(core);
  if (wholeDigits.length < 3 || looksLikeYear || COUNTED.test(text.slice(end, end + 20))) return undefined;
  return { found, strong: false };
}

/**
 * The first amount in free text, for prefilling a form. Something marked as money ($12k, 12k,
 * 12,000, 12000 EUR) wins over a bare number anywhere before it; a bare number counts only with
 * three or more digits and when it isn't a year or a count ("300 seats"). Dates (2026-12-01,
 * 12/01), times, percentages and references (D-12, #12) are never amounts.
 */
export function findAmountInText(text: string, defaultCurrency: string): AmountInText | undefined {
  let bare: AmountInText | undefined;
  let from = 0;
  while (from < text.length) {
    NUMBER_CORE.lastIndex = from;
    const match = NUMBER_CORE.exec(text);
    if (!match) break;
    const firstRun = /^\d+/.exec(match[0])![0];
    // An amount is short; a long run of digits and separators is read from its first digits only.
    const cores = [match[0].length > 30 ? firstRun : match[0]];
    const space = cores[0]!.search(/\s/);
    if (space !== -1) cores.push(cores[0]!.slice(0, space));
    for (const core of cores) {
      const candidate = candidateAt(text, match.index, core, defaultCurrency);
      if (candidate?.strong) return candidate.found;
      if (candidate) {
        bare ??= candidate.found;
        break;
      }
    }
    // Step past the first digits only, so "2 500k" still finds "500k".
    from = match.index + firstRun.length;
  }
  return bare;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

type CurrencyDisplay = { readonly symbol: string } | { readonly code: string };

const displays = new Map<string, CurrencyDisplay>();

/** "$" before the digits when en-US has a real symbol for the currency; otherwise "12,000 CHF". */
function displayOf(currency: string): CurrencyDisplay {
  const cached = displays.get(currency);
  if (cached) return cached;
  let display: CurrencyDisplay = { code: currency };
  try {
    const parts = new Intl.NumberFormat("en-US", { style: "currency", currency }).formatToParts(1);
    const symbolIndex = parts.findIndex((part) => part.type === "currency");
    const integerIndex = parts.findIndex((part) => part.type === "integer");
    const symbol = parts[symbolIndex]?.value ?? "";
    if (symbol !== "" && symbolIndex < integerIndex && !/^[\p{L}\s]+$/u.test(symbol)) display = { symbol };
  } catch {
    // Not a code Intl accepts: show the code as given.
  }
  displays.set(currency, display);
  return display;
}

const COMPACT_TIERS: ReadonlyArray<readonly [number, string]> = [
  [12, "T"],
  [9, "B"],
  [6, "M"],
  [3, "k"],
];

/** Three significant digits from a thousand up: 12k, 1.5M, 999.95k → 1M. Below that, exact. */
function compactDigits(amount: string, minorUnits: number): string {
  const value = scaledOrThrow(amount);
  const magnitude = value.units < 0n ? -value.units : value.units;
  const sign = value.units < 0n ? "-" : "";
  for (let tier = 0; tier < COMPACT_TIERS.length; tier++) {
    const [exponent, letter] = COMPACT_TIERS[tier]!;
    const [x, threshold] = align(
      { units: magnitude, scale: value.scale },
      { units: pow10(exponent), scale: 0 },
    );
    if (x < threshold) continue;
    const inTier = { units: magnitude, scale: value.scale + exponent };
    const wholeDigits = (magnitude / pow10(inTier.scale)).toString().length;
    const rounded = fromScaled(roundScaled(inTier, Math.max(0, 3 - wholeDigits), "half-expand"));
    // Rounding up to 1000 of a tier is 1 of the next one (999,950 → 1M).
    if (compareAmounts(rounded, "1000") >= 0 && tier > 0) return `${sign}1${COMPACT_TIERS[tier - 1]![1]}`;
    return `${sign}${groupDigits(rounded, 0)}${letter}`;
  }
  const rounded = fromScaled(roundScaled({ units: magnitude, scale: value.scale }, minorUnits, "half-even"));
  if (compareAmounts(rounded, "1000") >= 0) return `${sign}1k`;
  return `${sign}${groupDigits(rounded, minorUnits)}`;
}

/**
 * "$12,000", "€1,500,000.50", "12,000 CHF"; compact: "$12k", "$1.5M". Digits come from the
 * decimal string itself, so every digit of a 1e13 amount with cents is exact.
 */
export function formatMoney(money: Money, options: FormatMoneyOptions = {}): string {
  const minorUnits = minorUnitsOf(money.currency);
  const digits = options.compact
    ? compactDigits(money.amount, minorUnits)
    : groupDigits(fromScaled(scaledOrThrow(money.amount)), minorUnits);
  const display = displayOf(money.currency);
  if ("code" in display) return `${digits} ${display.code}`;
  return digits.startsWith("-") ? `-${display.symbol}${digits.slice(1)}` : `${display.symbol}${digits}`;
}

/** The currency a new deal starts with when the person names none. */
export const DEFAULT_CURRENCY = "USD";
