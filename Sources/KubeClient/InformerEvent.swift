import KubeAPI

/// What an informer tells its handler.
public enum InformerEvent<Object: KubeObject>: Sendable {
    /// An object appeared (first list, watch ADDED, or found on a relist).
    case added(Object)
    /// An object changed.
    case updated(old: Object, new: Object)
    /// An object went away (watch DELETED, or missing from a relist).
    case deleted(Object)
    /// The first full list was delivered; sent once per informer.
    case synced
}
