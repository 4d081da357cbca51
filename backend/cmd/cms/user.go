package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"newsroom/accounts"
	"newsroom/cli"
)

// roleList collects repeated --role flags.
type roleList []string

func (r *roleList) String() string { return strings.Join(*r, ",") }
func (r *roleList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*r = append(*r, p)
		}
	}
	return nil
}

// userInputs names the flag of user create that sets each field of a new
// user (describe).
var userInputs = map[string]string{"email": "--email", "name": "--name", "roles": "--role", "password": "--password-stdin"}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, "Usage: cms user create --email E --name N --role R [--role R2] --password-stdin\n")
			return nil
		}
		fmt.Fprint(stderr, "Usage: cms user create --email E --name N --role R [--role R2] --password-stdin\n")
		return cli.ErrUsage
	}
	var c Config
	e := &envReader{}
	var email, name string
	var roles roleList
	var passwordStdin bool
	fs := cli.NewFlagSet("cms", "user create [flags]", "Creates a user with the given roles (writer, editor, moderator, admin).\nThe password is read from standard input (first line) with --password-stdin,\nso it never shows in the process list or the shell history.\n\nExample:\n  printf '%s\\n' \"$PASSWORD\" | cms user create --email ed@example.com --name 'Ed Itor' --role editor --password-stdin", stderr)
	commonFlags(fs, &c, e)
	fs.StringVar(&email, "email", "", "the user's e-mail address (required)")
	fs.StringVar(&name, "name", "", "the user's display name (required)")
	fs.Var(&roles, "role", "a role: writer, editor, moderator or admin; repeat for several")
	fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input (required)")
	if err := cli.Parse(fs, args[1:]); err != nil {
		return err
	}
	if err := c.validate(e, false, false); err != nil {
		return err
	}
	if !passwordStdin {
		return errors.New("give the password on standard input with --password-stdin")
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	a, err := openApp(ctx, &c, accounts.DefaultConfig(), false, newLogger(&c, stderr))
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.migrate(ctx, io.Discard); err != nil {
		return err
	}
	u, err := a.accounts.CreateUser(ctx, accounts.OperatorActor(), accounts.NewUser{Email: email, Name: name, Password: password, Roles: roles})
	if err != nil {
		return describe(err, userInputs)
	}
	fmt.Fprintf(stdout, "created user %s <%s> with roles %v (id %s)\n", u.Name, u.Email, u.Roles, u.ID)
	return nil
}
