package dev.flotilla.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two kinds of bearer token the control plane issues, and how they are checked.
 *
 * <ul>
 *   <li>Bootstrap tokens, in kubeadm's format {@code <6-char id>.<16-char secret>}: they may only register a
 *       member cluster. Kept as Secrets {@code bootstrap-token-<id>} in {@code flotilla-system}, as kubeadm keeps
 *       them in kube-system.</li>
 *   <li>Agent tokens, {@code flotilla-agent.<cluster>.<secret>}: issued at registration, they act as that member's
 *       agent and nothing else. Only their SHA-256 is stored (Secret {@code agent-token-<cluster>}).</li>
 * </ul>
 */
public final class Tokens {

    public static final String SYSTEM_NAMESPACE = "flotilla-system";
    public static final String BOOTSTRAP_SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String AGENT_SECRET_TYPE = "flotilla.dev/agent-token";

    private static final Pattern BOOTSTRAP = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
    private static final Pattern AGENT = Pattern.compile("flotilla-agent\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([0-9a-f]{48})");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A bootstrap token split into its public id and its secret. */
    public record BootstrapToken(String id, String secret) {
        @Override
        public String toString() {
            return id + "." + secret;
        }

        public String secretName() {
            return "bootstrap-token-" + id;
        }
    }

    /** An agent token: the cluster it acts for and the whole token. */
    public record AgentToken(String cluster, String token) {
        public String secretName() {
            return agentSecretName(cluster);
        }
    }

    public static String agentSecretName(String cluster) {
        return "agent-token-" + cluster;
    }

    public static BootstrapToken newBootstrapToken() {
        return new BootstrapToken(random(6), random(16));
    }

    public static Optional<BootstrapToken> parseBootstrap(String token) {
        Matcher matcher = BOOTSTRAP.matcher(token);
        return matcher.matches() ? Optional.of(new BootstrapToken(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    public static AgentToken newAgentToken(String cluster) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return new AgentToken(cluster, "flotilla-agent." + cluster + "." + HexFormat.of().formatHex(secret));
    }

    public static Optional<AgentToken> parseAgent(String token) {
        Matcher matcher = AGENT.matcher(token);
        return matcher.matches() ? Optional.of(new AgentToken(matcher.group(1), token)) : Optional.empty();
    }

    /** The SHA-256 of a token, hex: what is stored instead of the token itself. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so the comparison leaks nothing about how much of a guess was right. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
