/// One child of an element: an element or a run of text (entities already decoded). Comments are dropped.
public enum HTMLNode: Sendable, Equatable {
    /// A child element.
    case element(HTMLElement)
    /// Character data, as in the source (not yet whitespace-collapsed).
    case text(String)
}
