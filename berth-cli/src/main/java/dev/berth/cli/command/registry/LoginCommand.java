package dev.berth.cli.command.registry;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code berth login}: the daemon checks the credentials against the registry ({@code POST /auth});
 * only when it accepts them are they stored, in Docker's config.json (or its credential helper).
 */
public final class LoginCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth login [OPTIONS] [SERVER]", "Log in to a registry", new Options()
        .value('u', "username", "string", "Username")
        .value('p', "password", "string", "Password")
        .bool("password-stdin", "Take the password from stdin"), 0, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String server = args.positional().isEmpty() ? AuthStore.HUB : args.positional().get(0);
    String user = args.value("username");
    String password = args.value("password");
    BufferedReader stdin = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
    if (args.bool("password-stdin")) {
      if (password != null) {
        throw new CliError("Error: --password and --password-stdin are mutually exclusive", 1);
      }
      if (user == null || user.isEmpty()) {
        throw new CliError("Error: Must provide --username with --password-stdin", 1);
      }
      String all = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
      password = all.replaceAll("[\r\n]+$", "");
    } else if (password != null) {
      ctx.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if (user == null || user.isEmpty()) {
      ctx.out().print("Username: ");
      ctx.out().flush();
      user = stdin.readLine();
      if (user == null || user.isBlank()) {
        throw new CliError("Error: Username is required", 1);
      }
      user = user.trim();
    }
    if (password == null) {
      java.io.Console console = System.console();
      if (console != null && ctx.in() == System.in) {
        char[] p = console.readPassword("Password: ");
        password = p == null ? null : new String(p);
      } else {
        ctx.out().print("Password: ");
        ctx.out().flush();
        password = stdin.readLine();
      }
      if (password == null || password.isEmpty()) {
        throw new CliError("Error: Password is required", 1);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", user);
    body.put("password", password);
    body.put("serveraddress", server);
    Object answer = ctx.client().postJson("/auth", body);
    String token = answer instanceof Map<?, ?> m && m.get("IdentityToken") instanceof String t ? t : "";
    AuthStore store = new AuthStore(ctx.env());
    store.store(server, token.isEmpty() ? new AuthStore.Credentials(user, password, null)
        : new AuthStore.Credentials(user, "", token));
    ctx.out().println("Login Succeeded");
    return 0;
  }
}
