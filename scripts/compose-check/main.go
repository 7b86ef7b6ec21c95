// Command compose-check validates a compose file without a Docker engine: it
// loads it with compose-go, the Compose Specification's loader that `docker
// compose config` runs (interpolation, profiles, depends_on, volumes and the
// consistency checks), once without a profile and once with the redis
// profile, then checks what nest-sessions relies on.
//
// Usage: go run . path/to/docker-compose.yml
package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// A way of starting the project, and the services it must start.
type run struct {
	name     string
	profiles []string
	env      []string // set as on the command line: they win over the shell and .env
	services []string
}

var runs = []run{
	{"no profile", nil, nil, []string{"app", "mongo", "secret"}},
	{"profile redis, SESSION_STORE=redis", []string{"redis"}, []string{"SESSION_STORE=redis"}, []string{"app", "mongo", "redis", "secret"}},
}

var volumes = []string{"app-secret", "mongo-data", "redis-data"}

// load reads file as `docker compose -f file --profile ... config` does: the
// file's folder as working directory, the process's environment, its .env if
// any, the default project name, consistency checks on.
func load(file string, profiles, env []string) (*types.Project, error) {
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithOsEnv,
		cli.WithEnv(env),
		cli.WithEnvFiles(), // the working directory's .env, when there is one
		cli.WithDotEnv,
		cli.WithProfiles(profiles),
	)
	if err != nil {
		return nil, err
	}
	return options.LoadProject(context.Background())
}

// check returns what in p differs from what the project relies on, or nil.
func check(p *types.Project, services []string) error {
	if got := p.ServiceNames(); !slices.Equal(got, services) {
		return fmt.Errorf("services are %s, expected %s", list(got), list(services))
	}
	for _, v := range volumes {
		if _, ok := p.Volumes[v]; !ok {
			return fmt.Errorf("volume %s is not declared", v)
		}
	}
	app := p.Services["app"]
	if len(app.Ports) == 0 {
		return fmt.Errorf("app publishes no port")
	}
	for _, port := range app.Ports {
		if port.HostIP != "127.0.0.1" {
			return fmt.Errorf("app port %d is published on %s, expected 127.0.0.1 only", port.Target,
				cmp.Or(port.HostIP, "every interface"))
		}
	}
	if v := app.Environment["NODE_ENV"]; v == nil || *v != "production" {
		return fmt.Errorf("app's NODE_ENV is not production")
	}
	if v := app.Environment["MONGODB_URI"]; v == nil || *v == "" {
		return fmt.Errorf("app has no MONGODB_URI")
	}
	return nil
}

func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func value(v *string) string {
	if v == nil {
		return "(unset)"
	}
	return *v
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check path/to/docker-compose.yml")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "compose-check:", err)
		os.Exit(1)
	}
	loader := "compose-go"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/compose-spec/compose-go/v2" {
				loader += " " + dep.Version
			}
		}
	}
	fmt.Printf("== %s, loaded with %s\n", filepath.Base(file), loader)
	for _, r := range runs {
		p, err := load(file, r.profiles, r.env)
		if err == nil {
			err = check(p, r.services)
		}
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), "\n", "; ")
			fmt.Fprintf(os.Stderr, "compose-check: %s (%s): %s\n", filepath.Base(file), r.name, msg)
			os.Exit(1)
		}
		// The volumes this run creates: those its active services mount.
		used := p.WithoutUnnecessaryResources()
		fmt.Printf("%s: services %s; volumes %s; secrets %s; app SESSION_STORE=%s\n", r.name,
			list(p.ServiceNames()), list(used.VolumeNames()), list(used.SecretNames()),
			value(p.Services["app"].Environment["SESSION_STORE"]))
	}
}
