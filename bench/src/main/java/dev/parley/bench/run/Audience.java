package dev.parley.bench.run;

import dev.parley.bench.client.Session;

/**
 * Who should receive a message sent to a target: one user (direct) or the other members
 * of a group. Immutable and thread-safe once built.
 */
public interface Audience {

	/** How many sessions should receive one message sent to {@code target}. */
	int size(int target);

	/** Whether {@code recipient} is meant to receive a message sent to {@code target}. */
	boolean includes(int target, Session recipient);

	/** Whether one message reaches several sessions (then duplicates are tracked per session). */
	boolean fansOut();

	/** Direct messages: the target is the recipient's session index. */
	static Audience direct() {
		return new Audience() {
			@Override
			public int size(int target) {
				return 1;
			}

			@Override
			public boolean includes(int target, Session recipient) {
				return recipient.index() == target;
			}

			@Override
			public boolean fansOut() {
				return false;
			}
		};
	}

	/** Groups: the target is a group number, {@code groupOf[i]} the group of session i. */
	static Audience groups(int[] groupOf, int groupSize) {
		int[] copy = groupOf.clone();
		return new Audience() {
			@Override
			public int size(int target) {
				return groupSize - 1;
			}

			@Override
			public boolean includes(int target, Session recipient) {
				return copy[recipient.index()] == target;
			}

			@Override
			public boolean fansOut() {
				return true;
			}
		};
	}

}
