// Passwords for the CLI come from a prompt (a terminal, not echoed) or from stdin with --password-stdin,
// never from the command line: argv shows in `ps` to every user of the machine and stays in shell history.
// (Carrier credentials may come from stdin the same way: cli.ts --credentials-stdin.)
import readline from "node:readline";
import { AppError } from "./errors";

export async function readPassword(fromStdin: boolean, prompt = "Password: "): Promise<string> {
  const password = fromStdin ? firstLine(await readStdin()) : process.stdin.isTTY ? await ask(prompt) : null;
  if (password === null) {
    throw new AppError(
      "validation_failed",
      "No password given: pipe it in with --password-stdin (printf '%s' \"$PASSWORD\" | npm run cli -- … --password-stdin), or run in a terminal to be asked",
    );
  }
  return password;
}

export const passwordOnCommandLine = () =>
  new AppError(
    "validation_failed",
    "--password is not accepted: a password on the command line shows in `ps` and shell history; use --password-stdin or answer the prompt",
  );

/** All of stdin, as text (also for --credentials-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** The first line, without its line ending: `echo pw |` and `printf pw |` give the same password. */
const firstLine = (text: string) => text.split(/\r?\n/)[0];

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // What is typed is not echoed: only the prompt is written.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (s.startsWith(prompt) || s === "\r\n" || s === "\n") process.stderr.write(s);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
