import CLinux

/// Termination signals handled by a thread that waits for them (no async handlers).
public enum TerminationSignals {
    /// Blocks SIGTERM and SIGINT (and ignores SIGPIPE); call in main before starting threads
    /// so every thread inherits the mask.
    public static func block() { _ = clinux_block_termination_signals() }

    /// Waits for SIGTERM or SIGINT; returns the signal number.
    public static func wait() -> Int32 { clinux_wait_termination_signal() }
}
