"""Stateless seeds held in weights: the randomness that resumes exactly."""

import tensorflow as tf
from keras import ops


def next_replica_seed(rng_state):
    """This replica's seed from an `[seed, step]` int64 weight; advances the step.

    The weight's value is the seed; its step is incremented, so the next call
    draws anew. Under a strategy with several replicas the replica id is
    folded in, so replicas draw different numbers from the same saved state.

    Args:
        rng_state: an int64 variable of shape `[2]`, created with
            `aggregation="only_first_replica"`.

    Returns:
        An int64 stateless seed of shape `[2]`.
    """
    seed = rng_state.value
    rng_state.assign_add(ops.convert_to_tensor([0, 1], dtype="int64"))
    context = tf.distribute.get_replica_context()
    if context is not None and context.num_replicas_in_sync > 1:
        replica = tf.cast(context.replica_id_in_sync_group, tf.int32)
        seed = tf.random.experimental.stateless_fold_in(seed, replica)
    return seed
