package registry

// NewMemStores returns a function that opens in-memory stores sharing one
// saved state, for the tests of package registry_test.
func NewMemStores() func() Store {
	st := newMemState()
	return func() Store { return st.store() }
}
