"""The TensorBoard writer of the callbacks that take a `log_dir`."""

import tensorflow as tf


class SummaryWriting:
    """Keeps `self._writer`, a file writer in `self.log_dir`, open during `fit`.

    Mixed into a `keras.callbacks.Callback` (before it) that sets `log_dir`
    (a path or None) and `_writer = None`.
    """

    def open_writer(self):
        if self.log_dir is not None and self._writer is None:
            self._writer = tf.summary.create_file_writer(self.log_dir)

    def on_train_begin(self, logs=None):
        self.open_writer()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None
