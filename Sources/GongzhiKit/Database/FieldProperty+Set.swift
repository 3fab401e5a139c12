import Fluent

// Fluent counts every assignment as a change, even of the value already stored. A ledger imported again
// unchanged must say "未变", so its rows set a field only when the value differs, and `hasChanges` then means
// a real change.

extension FieldProperty where Value: Equatable {
    /// Sets the value only when it differs from the stored one (or none is stored yet).
    public func set(_ new: Value) { if value != new { value = new } }
}

extension OptionalFieldProperty where WrappedValue: Equatable {
    /// Sets the value only when it differs from the stored one (or none is stored yet).
    public func set(_ new: WrappedValue?) { if value != .some(new) { value = .some(new) } }
}
