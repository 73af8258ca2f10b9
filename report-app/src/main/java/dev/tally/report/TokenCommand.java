package dev.tally.report;

import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.app.DatabaseOptions;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.domain.report.access.RevokeAccessToken;
import dev.tally.domain.report.access.StoredToken;
import dev.tally.report.wiring.ReportComponent;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code report-app token create|list|revoke}: the API's bearer tokens. A token's text is printed
 * once, by {@code create}, on standard output alone (so {@code TOKEN=$(report-app token create ...)}
 * works); only its SHA-256 is stored.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list and revoke bearer tokens for the report API.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @ParentCommand
    ReportMain main;

    /** What every token command shares: its database options, its output, and how it runs. */
    abstract static class TokenAction implements Callable<Integer> {

        @ParentCommand
        TokenCommand token;

        @Mixin
        DatabaseOptions database;

        @Spec
        CommandSpec spec;

        final int run(Function<ReportComponent, Integer> action) {
            return token.main.runCommand(database, action);
        }

        final PrintWriter out() {
            return spec.commandLine().getOut();
        }

        final PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for the user with this email address and print it, this once only.")
    static final class Create extends TokenAction {

        @Option(names = "--email", required = true, paramLabel = "EMAIL",
                description = "The user's email address (compared without regard to case).")
        String email;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "",
                description = "What the token is for, such as grafana or ci (at most 200 characters).")
        String name;

        @Override
        public Integer call() {
            return run(app -> {
                CreateAccessToken.Result result = app.createAccessToken().run(email, name);
                if (result instanceof CreateAccessToken.Created created) {
                    out().println(created.token().reveal());
                    out().flush();
                    err().println("created token " + created.stored().id() + " for " + email
                            + ": it is shown only this once, so store it now");
                    return CommandLines.OK;
                }
                if (result instanceof CreateAccessToken.InvalidName invalid) {
                    throw new BadUsageException("--name: " + invalid.message());
                }
                err().println("error: no user has the email address " + email);
                return CommandLines.FAILURE;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the tokens of the user with this email address (never their text).")
    static final class ListTokens extends TokenAction {

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The user's email address.")
        String email;

        @Override
        public Integer call() {
            return run(app -> {
                Optional<List<StoredToken>> tokens = app.listAccessTokens().run(email);
                if (tokens.isEmpty()) {
                    err().println("error: no user has the email address " + email);
                    return CommandLines.FAILURE;
                }
                out().println("id\tname\tcreated_at\trevoked_at");
                for (StoredToken stored : tokens.get()) {
                    out().println(stored.id() + "\t" + stored.name() + "\t" + stored.createdAt() + "\t"
                            + stored.revokedAt().map(Object::toString).orElse("-"));
                }
                return CommandLines.OK;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token, named by its id (from token list) or by its text. It stops working at once.")
    static final class Revoke extends TokenAction {

        @Parameters(paramLabel = "TOKEN_OR_ID", description = "The token's id, or the token itself.")
        String reference;

        @Override
        public Integer call() {
            return run(app -> {
                RevokeAccessToken.Result result = app.revokeAccessToken().run(reference);
                if (result instanceof RevokeAccessToken.Revoked revoked) {
                    out().println("revoked token " + revoked.token().id());
                    return CommandLines.OK;
                }
                if (result instanceof RevokeAccessToken.AlreadyRevoked already) {
                    out().println("token " + already.token().id() + " was already revoked at "
                            + already.token().revokedAt().map(Object::toString).orElse("an earlier time"));
                    return CommandLines.OK;
                }
                err().println("error: no token has that id or text");
                return CommandLines.FAILURE;
            });
        }
    }
}
