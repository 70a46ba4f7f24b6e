// The `mailtls report` command (CLI wrapper only; the work is in the library).
import type { Command } from 'commander';
import type { Runner } from '../main.js';

export function register(program: Command, runner: Runner): void {
  void program;
  void runner;
}
