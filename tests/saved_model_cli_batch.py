"""`saved_model_cli show --all` and `run` of several signatures in one process.

Run as `python saved_model_cli_batch.py DIR NAME=EXPRS [NAME=EXPRS ...]`
(`EXPRS` as `saved_model_cli run --input_exprs` takes them). It calls the
functions the `show --all` and `run` commands of TensorFlow's
`saved_model_cli` call, in one process: the same loading (a TF1 session, no
`keras_gans` import) and the same input parsing, without paying for a
TensorFlow import per signature. The output is the command's output.
"""

import sys

from tensorflow.python.tools import saved_model_cli


def main(argv):
    directory, runs = argv[1], argv[2:]
    saved_model_cli._show_all(directory)
    for run in runs:
        name, expressions = run.split("=", 1)
        print(f"== run --signature_def {name}", flush=True)
        feed = saved_model_cli.load_inputs_from_input_arg_string("", expressions, "")
        saved_model_cli.run_saved_model_with_feed_dict(
            directory, "serve", name, feed, outdir=None, overwrite_flag=False
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
