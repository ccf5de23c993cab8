"""`saved_model_cli show --all` and `run` of several signatures, without `keras_gans`.

Two ways to run it:

- `python saved_model_cli_batch.py DIR NAME=EXPRS [NAME=EXPRS ...]`
  (`EXPRS` as `saved_model_cli run --input_exprs` takes them) prints what the
  `show --all` command and one `run` command per signature would print.
- `python saved_model_cli_batch.py --serve` answers such requests one after
  another, each a JSON list `[DIR, "NAME=EXPRS", ...]` on one line of stdin,
  each answer a JSON object `{"ok": bool, "output": str}` on one line of
  stdout. The family test kit keeps one such process per test worker, so that
  the export checks of all the families pay for one TensorFlow import instead
  of one each (about 8 s of CPU per import here).

Either way it calls the functions TensorFlow's `saved_model_cli` commands
call: the same loading (a TF1 session on a fresh graph per signature, no
`keras_gans` import, as a server loads the model) and the same input parsing.
"""

import contextlib
import io
import json
import os
import sys
import traceback

from tensorflow.python.tools import saved_model_cli


def show_and_run(directory, runs):
    """Prints `show --all` of `directory`, then runs each `NAME=EXPRS`."""
    saved_model_cli._show_all(directory)
    for run in runs:
        name, expressions = run.split("=", 1)
        print(f"== run --signature_def {name}", flush=True)
        feed = saved_model_cli.load_inputs_from_input_arg_string("", expressions, "")
        saved_model_cli.run_saved_model_with_feed_dict(
            directory, "serve", name, feed, outdir=None, overwrite_flag=False
        )
        sys.stdout.flush()


def serve(requests, answers):
    """Answers JSON requests from `requests` on `answers` until end of input."""
    for line in requests:
        if not line.strip():
            continue
        directory, *runs = json.loads(line)
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                show_and_run(directory, runs)
            ok = True
        except Exception:  # Reported to the test, which fails with it.
            buffer.write(traceback.format_exc())
            ok = False
        answers.write(json.dumps({"ok": ok, "output": buffer.getvalue()}) + "\n")
        answers.flush()


def main(argv):
    if argv[1:] == ["--serve"]:
        # Answers go to a private copy of stdout; anything TensorFlow's C++
        # side writes to file descriptor 1 goes to stderr instead, so that it
        # cannot interleave with an answer.
        answers = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        serve(sys.stdin, answers)
    else:
        show_and_run(argv[1], argv[2:])


if __name__ == "__main__":
    main(sys.argv)
