package io.telemetra.stack;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./telemetra token}: mints a bearer token signed with the local stack's secret ({@code TELEMETRA_JWT_SECRET},
 * else the one kept in the stack's home), printed alone on its own line so scripts can capture it.
 */
final class TokenCommand {

    static final String USAGE = """
            usage: ./telemetra token [--role operator|auditor|admin|device]... [--device ID] [--subject NAME] [--ttl 8h]
              --role     a role the token carries; repeat or separate with commas (default: operator,
                         or device when --device is given)
              --device   the device a device token speaks for (its own readings and commands only)
              --subject  who the token names in the audit trail (default: the device id, or cli-<role>)
              --ttl      lifetime: 90s, 30m, 8h, 7d (default 8h)
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    private TokenCommand() {
    }

    /** @return the process exit code */
    static int run(List<String> args, Path defaultHome, Map<String, String> environment, PrintStream out,
                   PrintStream err) {
        Path home = defaultHome;
        List<Role> roles = new ArrayList<>();
        String deviceId = null;
        String subject = null;
        Duration ttl = Duration.ofHours(8);
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--role" -> {
                        for (String name : value(args, ++i, arg).split(",")) {
                            roles.add(Role.fromClaim(name.trim()).orElseThrow(
                                    () -> new IllegalArgumentException("unknown role '" + name + "'")));
                        }
                    }
                    case "--home" -> home = Path.of(value(args, ++i, arg));
                    case "--device" -> deviceId = value(args, ++i, arg);
                    case "--subject" -> subject = value(args, ++i, arg);
                    case "--ttl" -> ttl = duration(value(args, ++i, arg));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (roles.isEmpty()) {
                roles.add(deviceId != null ? Role.DEVICE : Role.OPERATOR);
            }
            if (roles.contains(Role.DEVICE) && deviceId == null) {
                throw new IllegalArgumentException("a device token needs --device ID");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String secret = environment.get(DevelopmentSecret.ENVIRONMENT_VARIABLE);
        try {
            if (secret == null || secret.isBlank()) {
                secret = DevelopmentSecret.loadOrCreate(home.resolve(StackConfig.JWT_SECRET_FILE));
            }
        } catch (IOException e) {
            err.println("error: cannot read the stack's secret in " + home + ": " + e.getMessage());
            return 1;
        }
        String name = subject != null ? subject
                : deviceId != null ? deviceId : "cli-" + roles.get(0).claimValue();
        err.printf("token for %s, roles %s, valid %s:%n", name,
                roles.stream().map(Role::claimValue).toList(), ttl.toString().substring(2).toLowerCase(Locale.ROOT));
        out.println(DevelopmentTokens.mint(secret, name, roles, deviceId, Instant.now(), ttl));
        return 0;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--ttl takes a number and a unit: 90s, 30m, 8h, 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
