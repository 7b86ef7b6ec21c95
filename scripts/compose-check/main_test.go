package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The check can fail: the loader refuses a broken file, check an unsafe one.
func TestBrokenFilesFail(t *testing.T) {
	cases := map[string]struct{ yaml, want string }{
		"dependency on an undefined service": {`
services:
  app: {image: app, depends_on: [mongoo]}
  mongo: {image: mongo}
`, "mongoo"},
		"undefined volume": {`
services:
  app: {image: app, volumes: ["mongo-dta:/data"]}
`, "mongo-dta"},
		"port published on every interface": {`
services:
  app:
    image: app
    ports: ["3000:3000"]
    environment: {NODE_ENV: production, MONGODB_URI: mongodb://mongo/db}
  mongo: {image: mongo}
  secret: {image: app}
volumes: {app-secret: {}, mongo-data: {}, redis-data: {}}
`, "127.0.0.1 only"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "docker-compose.yml")
			if err := os.WriteFile(file, []byte(c.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := load(file, nil, nil)
			if err == nil {
				err = check(p, runs[0].services)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, expected one naming %q", err, c.want)
			}
		})
	}
}
