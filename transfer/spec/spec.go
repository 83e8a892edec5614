// Package spec is the Aspera transfer spec: the JSON object that says what a transfer moves,
// where and how, as the products return it and the agents consume it.
package spec

// Spec is a transfer spec as decoded JSON; unknown fields are kept.
type Spec map[string]any
