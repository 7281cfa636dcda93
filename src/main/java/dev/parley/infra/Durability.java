package dev.parley.infra;

import java.util.function.Supplier;

/**
 * When database commits reach the disk. Outside {@link #replayable} a commit is on disk
 * before anything based on it leaves the node: an external database makes it durable
 * before the commit returns, and the embedded one writes it to its file at the commit or,
 * for a statement outside a transaction, when the connection goes back to the pool.
 */
public interface Durability {

	/** Every commit is durable when it returns (an external database). */
	Durability IMMEDIATE = new Durability() {

		@Override
		public <T> T replayable(Supplier<T> work) {
			return work.get();
		}

	};

	/**
	 * Runs database work on this thread whose commits may reach the disk only after it
	 * returns, because the caller can redo the work from a durable log with the same
	 * result (the sequencer, from the inbound topic and its stored offsets). A crash may
	 * then lose the last of these commits, and the caller redoes them.
	 * <p>
	 * Redoing gives the same result only if the work read nothing a crash could lose
	 * apart from its own earlier commits. So when another connection of this node was in
	 * use while the work ran (its commits may have been visible to the work before they
	 * were on disk), this writes everything committed to disk before it returns.
	 * @param work the database work, run on the calling thread
	 * @param <T> the work's result
	 * @return what the work returned
	 */
	<T> T replayable(Supplier<T> work);

}
