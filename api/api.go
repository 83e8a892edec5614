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
// The largest document (Faspex 5, 2 MiB) is kept gzipped (openapi/NAME.yaml.gz, the same
// bytes once decompressed); Document reads either form.
//
// Only tests and test helpers import this package, so the documents never reach the binary.
package api

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"io"
	"io/fs"
)

// OpenAPI holds the documents as openapi/NAME.yaml or openapi/NAME.yaml.gz.
//
//go:embed openapi/*.yaml openapi/*.yaml.gz
var OpenAPI embed.FS

// Document returns the text of the OpenAPI document name ("node-4.4.6.yaml"), decompressed
// when it is stored gzipped.
func Document(name string) ([]byte, error) {
	data, err := OpenAPI.ReadFile("openapi/" + name)
	if !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	gz, err := OpenAPI.ReadFile("openapi/" + name + ".gz")
	if err != nil {
		return nil, err
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// Schema holds the other schemas as schema/NAME.yaml.
//
//go:embed schema/*.yaml
var Schema embed.FS
