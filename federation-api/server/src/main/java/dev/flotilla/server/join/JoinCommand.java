package dev.flotilla.server.join;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.validation.NameValidation;
import dev.flotilla.server.FlotillaMain;
import dev.flotilla.server.TokenCommand;
import dev.flotilla.server.auth.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flotilla join NAME --control-plane URL}: makes a bootstrap token on the control plane (the same path as
 * {@code flotilla token create}, valid for 24 hours unless {@code --ttl} says otherwise) and prints the manifests that run the new member's agent inside the member
 * cluster ({@link AgentManifests}), for {@code kubectl --context MEMBER apply -f -}.
 */
@Command(name = "join", mixinStandardHelpOptions = true, versionProvider = FlotillaMain.Version.class,
        sortOptions = false,
        description = {"Prints the Kubernetes manifests that join a cluster to the federation: the agent's "
                + "Deployment, its least-privilege RBAC and a fresh bootstrap token. Apply them to the member:",
                "  flotilla join eu-1a --control-plane https://flotilla.example.com:8080 | kubectl --context eu-1a "
                        + "apply -f -",
                "The bootstrap token expires after --ttl (24h by default) and is needed only for the first "
                        + "registration; the agent keeps its own identity in a Secret of the member."})
public class JoinCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The member's name in the federation (a DNS-1123 label of at most 51 characters).")
    String name;

    @Option(names = "--control-plane", required = true, paramLabel = "URL",
            description = "The control plane, reached from here to make the token, and by the agent unless "
                    + "--agent-control-plane says otherwise.")
    URI controlPlane;

    @Option(names = "--agent-control-plane", paramLabel = "URL",
            description = "The control plane as the agent reaches it from inside the member, when that differs "
                    + "(e.g. you reach it through a port-forward).")
    URI agentControlPlane;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region label (default: the most common topology.kubernetes.io/region of the member's nodes).")
    String region;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone label (default: the most common topology.kubernetes.io/zone of the member's nodes).")
    String zone;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "The agent's image (default: flotilla-agent:<this version>).")
    String image;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h",
            description = "How long the bootstrap token is valid, e.g. 1h, 24h, 7d (default: ${DEFAULT-VALUE}). It is "
                    + "needed only for the agent's first registration: the agent then keeps its own agent token in "
                    + "the Secret flotilla-system/flotilla-agent-state of the member, which survives its pod moving. "
                    + "Apply the manifests before it expires, or run join again. 0 never expires: discouraged, "
                    + "since anyone holding the manifests could then register a member at any time.")
    String ttl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the manifests go; standard output unless a test says otherwise. */
    PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        checkName();
        checkLabel("--region", region);
        checkLabel("--zone", zone);
        checkUrl("--control-plane", controlPlane);
        URI agentUrl = agentControlPlane != null ? agentControlPlane : controlPlane;
        checkUrl("--agent-control-plane", agentUrl);
        Duration validity = TokenCommand.parseDurationOption(spec, "--ttl", ttl);
        String agentImage = image != null ? image : AgentManifests.image(version());
        if (agentImage.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--image': empty");
        }
        Tokens.BootstrapToken token;
        try {
            token = TokenCommand.createToken(controlPlane, validity, "made by flotilla join for member " + name);
        } catch (TokenCommand.TokenException e) {
            System.err.println("flotilla join: " + e.getMessage());
            return 1;
        }
        AgentManifests.Member member = new AgentManifests.Member(name, agentUrl, region, zone, agentImage,
                token.toString());
        out.print("# The agent of member " + name + " (made by flotilla join); apply to that cluster:\n"
                + "#   kubectl --context " + name + " apply -f THIS-FILE\n");
        out.print(AgentManifests.yaml(member));
        out.flush();
        return 0;
    }

    private void checkName() {
        List<String> errors = NameValidation.isDns1123Label(name);
        if (name.length() > FlotillaApi.MAX_CLUSTER_NAME_LENGTH) {
            errors = List.of("must be no more than " + FlotillaApi.MAX_CLUSTER_NAME_LENGTH + " characters");
        }
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for NAME: '" + name + "': " + String.join("; ", errors));
        }
    }

    private void checkLabel(String option, String value) {
        if (value == null) {
            return;
        }
        List<String> errors = NameValidation.isValidLabelValue(value);
        if (value.isEmpty() || !errors.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option
                    + "': '" + value + "': " + (value.isEmpty() ? "empty" : String.join("; ", errors)));
        }
    }

    private void checkUrl(String option, URI url) {
        String scheme = url.getScheme();
        if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option
                    + "': '" + url + "' is not an http:// or https:// URL with a host");
        }
    }

    private static String version() {
        String version = JoinCommand.class.getPackage().getImplementationVersion();
        return version != null ? version : "latest";
    }
}
