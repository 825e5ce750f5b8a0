package io.jenkins.plugins.switchupgrade.ssh;

import io.jenkins.plugins.switchupgrade.lab.Fabric;
import io.jenkins.plugins.switchupgrade.lab.LabSwitch;
import io.jenkins.plugins.switchupgrade.lab.ssh.CliIo;
import io.jenkins.plugins.switchupgrade.lab.ssh.LabCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell API against a console with an AOS-style {@code -> } prompt, a {@code (Y/N)} question and progress
 * printed over time until the switch reboots, plugged into the lab through its per-platform hook.
 */
class SshShellPromptTest {
    private static final String PLATFORM = "arrow-console-test";
    private static final Pattern ARROW = Pattern.compile("-> $");
    private static Fabric fabric;

    /** A console that asks before an in-service upgrade and reports progress, then reboots. */
    private static final class ArrowConsole implements LabCli {
        private final LabSwitch labSwitch;
        private final Fabric fabric;

        ArrowConsole(LabSwitch labSwitch, Fabric fabric) {
            this.labSwitch = labSwitch;
            this.fabric = fabric;
        }

        @Override
        public String prompt() {
            return "-> ";
        }

        @Override
        public int run(String command, CliIo io) throws IOException {
            if (!command.equals("issu from new_firm")) {
                io.println("ERROR: Invalid entry: \"" + command + "\"");
                return 1;
            }
            io.print("Are you sure you want an In Service System Upgrade? (Y/N) : ");
            String answer = io.readLine();
            if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                return 0;
            }
            for (String line : List.of("+++ VCISSU: validating images on master. (directory \"new_firm\")",
                    "+++ VCISSU: images validated.", "+++ VCISSU: slave 1 is rebooting",
                    "VCISSU: slave 1 acknowledged vc ready. VCISSU complete for this slave.",
                    "+++ VCISSU: Master Chassis rebooting at end of VCISSU procedure")) {
                io.println(line);
                io.awaitClosed(Duration.ofMillis(50));
            }
            fabric.reboot(labSwitch, fabric.settings().toVersion());
            return NO_EXIT;
        }
    }

    @BeforeAll
    static void startFabric() {
        fabric = Fabric.builder().racks(1).spines(0).platform(PLATFORM).cli(PLATFORM, ArrowConsole::new).prometheus(false)
                .rebootTime(Duration.ofMillis(500)).build().start();
    }

    @AfterAll
    static void stopFabric() {
        fabric.close();
    }

    @Test
    void answersTheQuestionAndFollowsProgressUntilTheRebootDropsTheShell() {
        LabSwitch labSwitch = fabric.get("leaf-r1-p1-pod1");
        SshTarget target = SshTarget.builder().name(labSwitch.name()).host(labSwitch.address().getHostAddress())
                .port(fabric.ssh().port()).user(fabric.ssh().user()).privateKeyFile(fabric.ssh().clientKeyFile())
                .knownHostsFile(fabric.ssh().knownHostsFile()).build();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SshSession session = target.connect(); SshShell shell = session.shell(ARROW)) {
                assertEquals("-> ", shell.readUntilPrompt(Duration.ofSeconds(5)));
                assertEquals("ERROR: Invalid entry: \"show nothing\"\n", shell.command("show nothing", Duration.ofSeconds(5)));

                shell.sendLine("issu from new_firm");
                String asked = shell.answer(SshShell.YES_NO_QUESTION, "y", Duration.ofSeconds(5));
                assertTrue(asked.endsWith("In Service System Upgrade? (Y/N) : "), asked);

                List<String> progress = new ArrayList<>();
                SshShell.Streamed slave = shell.streamLines(progress::add,
                        Pattern.compile("VCISSU complete for this slave"), Duration.ofSeconds(5));
                assertEquals(SshShell.StreamEnd.MATCHED, slave.end());
                assertTrue(progress.contains("+++ VCISSU: images validated."), progress.toString());

                SshShell.Streamed end = shell.streamLines(progress::add, Pattern.compile("never printed"),
                        Duration.ofSeconds(10));
                assertEquals(SshShell.StreamEnd.CLOSED, end.end());
                assertEquals("+++ VCISSU: Master Chassis rebooting at end of VCISSU procedure",
                        progress.get(progress.size() - 1));
            }
        });
        assertTrue(fabric.commands().commands("leaf-r1-p1-pod1").containsAll(List.of("issu from new_firm", "y")));
    }
}
