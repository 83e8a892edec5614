// Package api holds the official contracts the tests validate against, inside the repository
// so that every clone runs every contract test: the OpenAPI documents of the products
// (openapi/: Node API 4.4.6, Faspex 5, Aspera on Cloud 0.2.6, Shares, faspio) and the schemas
// that are not OpenAPI (schema/: the node's async tables). They are unmodified copies of the
// documents IBM publishes; their known errors are listed where they are validated, as errata
// with a reason (see internal/openapitest).
//
// The transfer spec schema is not here: it lives where it is used, embedded by transfer/spec
// (transfer/spec/schema/transfer-spec.schema.yaml), as the one copy in the repository.
//
// Only tests and test helpers import this package, so the documents never reach the binary.
package api

import "embed"

// OpenAPI holds the documents as openapi/NAME.yaml.
//
//go:embed openapi/*.yaml
var OpenAPI embed.FS

// Schema holds the other schemas as schema/NAME.yaml.
//
//go:embed schema/*.yaml
var Schema embed.FS
