package io.telemetra.cli;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./telemetra token}: mints a bearer token signed with the local stack's secret ({@code TELEMETRA_JWT_SECRET},
 * else the one kept in the stack's home, created on first use so that a token minted before the first {@code up}
 * stays valid after it), printed alone on its own line so that scripts can capture it.
 */
@Command(name = "token", description = "Print a bearer token for this stack, alone on its own line.",
        sortOptions = false)
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Option(names = "--role", paramLabel = "ROLE", split = ",", converter = RoleValue.class,
            description = "operator, auditor, admin or device; repeat or separate with commas (default: operator, or "
                    + "device when --device is given).")
    List<Role> roles = new ArrayList<>();

    @Option(names = "--device", paramLabel = "ID",
            description = "The device a device token speaks for (its own readings and commands only).")
    String deviceId;

    @Option(names = "--subject", paramLabel = "NAME",
            description = "Who the token names in the audit trail (default: the device id, or cli-<role>).")
    String subject;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Values.DurationValue.class, defaultValue = "8h",
            description = "Lifetime: 90s, 30m, 8h, 7d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws IOException {
        List<Role> granted = new ArrayList<>(roles);
        if (granted.isEmpty()) {
            granted.add(deviceId != null ? Role.DEVICE : Role.OPERATOR);
        }
        if (granted.contains(Role.DEVICE) && deviceId == null) {
            throw new ParameterException(spec.commandLine(), "a device token needs --device ID");
        }
        Path dir = home.resolve(telemetra.workspace());
        String secret;
        try {
            secret = RunningStack.secret(telemetra.workspace(), dir, true);
        } catch (IOException e) {
            throw CliException.die("cannot read the stack's secret in " + dir + ": " + e.getMessage());
        }
        String name = subject != null ? subject : deviceId != null ? deviceId : "cli-" + granted.get(0).claimValue();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("token for %s, roles %s, valid %s:%n", name, granted.stream().map(Role::claimValue).toList(),
                ttl.toString().substring(2).toLowerCase(Locale.ROOT));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(mint(secret, name, granted, deviceId, ttl));
        out.flush();
        return 0;
    }

    static String mint(String secret, String subject, List<Role> roles, String deviceId, Duration ttl) {
        return DevelopmentTokens.mint(secret, subject, roles, deviceId, Instant.now(), ttl);
    }

    static final class RoleValue implements ITypeConverter<Role> {
        @Override
        public Role convert(String name) {
            return Role.fromClaim(name.trim())
                    .orElseThrow(() -> new TypeConversionException("unknown role '" + name + "'"));
        }
    }
}
