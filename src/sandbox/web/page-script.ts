// The page's script is TypeScript (static/app.ts, checked by tsc with the DOM's types). The
// browser gets JavaScript: `npm run build` writes static/app.js with transpilePageScript, and
// run from source the server transpiles app.ts on each request (TypeScript is a development
// dependency there), so editing the page needs no build and no restart.
import { existsSync, readFileSync } from "node:fs";

const STATIC_DIR = new URL("./static/", import.meta.url);

/** The page's script as the browser runs it. */
export async function pageScript(): Promise<string> {
  const built = new URL("app.js", STATIC_DIR);
  if (existsSync(built)) return readFileSync(built, "utf8");
  return transpilePageScript(readFileSync(new URL("app.ts", STATIC_DIR), "utf8"));
}

/** Types stripped, nothing else: the browsers the sandbox supports run ES2022 modules as they are. */
export async function transpilePageScript(source: string): Promise<string> {
  const { default: ts } = await import("typescript");
  return ts.transpileModule(source, {
    fileName: "app.ts",
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
}
