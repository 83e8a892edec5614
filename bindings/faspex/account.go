package faspex

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/runtime"
)

// health is c:health(): {component, status, message} lines (never raises for the server's
// state).
func health(L *lua.LState) int { return errs.Push(L, check(L).Health(kit.Ctx(L)), nil) }

// addressBook is c:address_book(): the users, and the number the address book holds.
func addressBook(L *lua.LState) int {
	users, total, err := check(L).AddressBook(kit.Ctx(L))
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(runtime.ToLua(L, users))
	L.Push(lua.LNumber(total))
	return 2
}

// loginMethods is c:login_methods(): the services of the login page's XRDS document.
func loginMethods(L *lua.LState) int {
	v, err := check(L).LoginMethods(kit.Ctx(L))
	return errs.Push(L, v, err)
}

// deletePackage is c:delete_package(id, {box}): the package deleted through the v4 API;
// returns its delivery id.
func deletePackage(L *lua.LState) int {
	c := check(L)
	id := L.CheckString(2)
	o := kit.OptionsArg(L, 3, "delete_package", "box")
	v, err := c.DeletePackage(kit.Ctx(L), kit.AuthEnv(L), o.Str("box"), id)
	return errs.Push(L, v, err)
}

// userV4 returns the v4 API client of argument 1 for the packages of user: the user's token
// for "me", an administrator's for another user.
func userV4(L *lua.LState, user string) *f4.V4 {
	c := check(L)
	var v *f4.V4
	var err error
	if user == "me" {
		v, err = c.V4User(kit.AuthEnv(L))
	} else {
		v, err = c.V4(kit.AuthEnv(L))
	}
	if err != nil {
		errs.Raise(L, err)
	}
	return v
}

// userPackages is c:user_packages(user, {max, query}) (a list) or c:each_user_package (an
// iterator): the v4 API's packages of a user (an id, or "me").
func userPackages(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		user := L.CheckString(2)
		max, q := kit.ListOpts(L, 3, "user_packages")
		it := userV4(L, user).UserPackages(kit.Ctx(L), user, kit.QueryOf(L, q), max)
		if lazy {
			return errs.Iterator(L, it)
		}
		return errs.Collect(L, it)
	}
}

// userPackage is c:user_package(user, id).
func userPackage(L *lua.LState) int {
	user := L.CheckString(2)
	v, err := userV4(L, user).UserPackage(kit.Ctx(L), user, L.CheckString(3))
	return errs.Push(L, v, err)
}

// deleteUserPackage is c:delete_user_package(user, id).
func deleteUserPackage(L *lua.LState) int {
	user := L.CheckString(2)
	return errs.OK(L, userV4(L, user).DeleteUserPackage(kit.Ctx(L), user, L.CheckString(3)))
}
