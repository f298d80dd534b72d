package dev.flotilla.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flotilla server}'s command line: options that cannot work together are refused with a message naming
 * them, before anything starts or any configuration is set.
 */
class ServerCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--peers 10.0.0.2:5701,10.0.0.3:5701 | Options '--peers' and '--peer-dns' need '--store-url'",
            "--peer-dns flotilla-peers.flotilla-system.svc | Options '--peers' and '--peer-dns' need '--store-url'",
            "--store-url jdbc:sqlite:/tmp/x.db | Invalid value for option '--store-url'",
            "--store-url jdbc:postgresql://db/flotilla --peers a --peer-port 70000 | Invalid value for option '--peer-port'",
            "--port 70000 | Invalid value for option '--port'",
            "--cluster-grace-period 0s | Invalid value for option '--cluster-grace-period'"})
    void refusesWhatCannotWork(String args, String message) {
        String before = System.getProperty("flotilla.dns.port");
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(System.getProperty("flotilla.dns.port")).isEqualTo(before);
        assertThat(System.getProperty("flotilla.store.url")).isNull();
    }
}
