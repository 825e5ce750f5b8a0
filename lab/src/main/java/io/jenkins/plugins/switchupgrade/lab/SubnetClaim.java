package io.jenkins.plugins.switchupgrade.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * A lab's hold on one 127.x.0.0/16 subnet: a listening socket on the subnet's last address, open for as long as
 * the fabric lives. The kernel grants it to one process at a time, so two labs on one machine (two test JVMs, a
 * demo beside a test run) never hand out the same switch addresses; the hold ends with the process, even on SIGKILL.
 */
final class SubnetClaim implements AutoCloseable {
    /** The port of the claim socket, on 127.x.255.254. */
    static final int CLAIM_PORT = 9099;
    private static final int FIRST = 32;
    private static final int COUNT = 200;

    private final int subnet;
    private final ServerSocket socket;

    private SubnetClaim(int subnet, ServerSocket socket) {
        this.subnet = subnet;
        this.socket = socket;
    }

    /** Claims the given subnet, or fails naming it when another lab holds it. */
    static SubnetClaim exactly(int subnet) {
        SubnetClaim claim = tryClaim(subnet);
        if (claim == null) {
            throw new IllegalStateException("the lab subnet 127." + subnet + ".0.0/16 is held by another lab on this "
                    + "machine (127." + subnet + ".255.254:" + CLAIM_PORT + " is in use); stop that lab or choose "
                    + "another subnet");
        }
        return claim;
    }

    /** Claims the first free subnet, starting at one derived from the process id so that labs rarely probe twice. */
    static SubnetClaim any() {
        int start = (int) (ProcessHandle.current().pid() % COUNT);
        for (int i = 0; i < COUNT; i++) {
            SubnetClaim claim = tryClaim(FIRST + (start + i) % COUNT);
            if (claim != null) {
                return claim;
            }
        }
        throw new IllegalStateException("every lab subnet 127." + FIRST + ".0.0 to 127." + (FIRST + COUNT - 1)
                + ".0.0 is held by another lab on this machine; stop some of them");
    }

    private static SubnetClaim tryClaim(int subnet) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address(subnet), CLAIM_PORT), 1);
            return new SubnetClaim(subnet, socket);
        } catch (IOException e) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the bind failed; nothing is held
                }
            }
            return null;
        }
    }

    private static InetAddress address(int subnet) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[]{127, (byte) subnet, (byte) 255, (byte) 254});
    }

    int subnet() {
        return subnet;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // releasing a listening socket cannot lose anything
        }
    }
}
