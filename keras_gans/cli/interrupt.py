"""Ctrl-C (SIGINT) and SIGTERM during `keras-gans train`: stop cleanly, say how to resume.

The first signal sets a flag and restores the default handlers; the training
loop stops at the end of the current step (`stop_on_signal`'s callback
raises `Interrupted` from `on_train_batch_end`), and `train` prints where the
last checkpoint is and the `keras-gans train --resume RUN_DIR` command, then
exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM). The
steps of the unfinished epoch are discarded: a checkpoint is always at an
epoch boundary, where a resumed run continues exactly. A second signal ends
the process at once (the default action); every file is written atomically
(`keras_gans.saving`), so that leaves the last checkpoint intact too.
"""

import contextlib
import os
import signal
import threading

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(Exception):
    """Raised at the end of a training step after SIGINT or SIGTERM.

    Attributes:
        signum: the signal received.
        epoch: the 0-based epoch that was interrupted (None outside `fit`).
        step: the steps of that epoch done when training stopped.
    """

    def __init__(self, signum, epoch=None, step=None):
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.epoch = epoch
        self.step = step

    @property
    def exit_status(self):
        """128 + the signal number, as a shell reports a process the signal ended."""
        return 128 + int(self.signum)


class SignalState:
    """The signal received (`signum`), or `None`."""

    def __init__(self):
        self.signum = None

    def check(self, epoch=None, step=None):
        """Raises `Interrupted` if a signal was received."""
        if self.signum is not None:
            raise Interrupted(self.signum, epoch, step)


def _handler(state):
    def handle(signum, frame):
        state.signum = signum
        for s in SIGNALS:  # A second signal ends the process at once.
            signal.signal(s, signal.SIG_DFL)
        name = signal.Signals(signum).name
        # os.write: print() is not safe inside a signal handler.
        os.write(2, f"\nkeras-gans: {name} received: stopping at the end of this step "
                    f"(send it again to exit at once)\n".encode())

    return handle


@contextlib.contextmanager
def handle_signals():
    """Installs the SIGINT/SIGTERM handlers for the block; restores the old ones after.

    Returns:
        A context manager yielding a `SignalState`. Outside the main thread
        (where Python cannot handle signals) nothing is installed.
    """
    state = SignalState()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    handle = _handler(state)
    for s in SIGNALS:
        signal.signal(s, handle)
    try:
        yield state
    finally:
        for s, old in previous.items():
            signal.signal(s, old if old is not None else signal.SIG_DFL)


def stop_on_signal(state):
    """A Keras callback that raises `Interrupted` at the end of a step after a signal."""
    import keras

    class StopOnSignal(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            state.check(getattr(self, "epoch", None), batch + 1)

    return StopOnSignal()
