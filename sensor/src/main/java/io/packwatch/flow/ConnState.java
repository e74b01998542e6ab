package io.packwatch.flow;

/** Zeek's connection states, computed from the TCP flags each side sent. */
final class ConnState {
    private ConnState() {
    }

    static String of(int client, int server, boolean midstream) {
        boolean syn = (client & Flow.SYN_SEEN) != 0;
        boolean synAck = (server & Flow.SYNACK_SEEN) != 0;
        boolean clientFin = (client & Flow.FIN_SEEN) != 0;
        boolean serverFin = (server & Flow.FIN_SEEN) != 0;
        boolean clientRst = (client & Flow.RST_SEEN) != 0;
        boolean serverRst = (server & Flow.RST_SEEN) != 0;
        if (syn && !synAck) {
            if (serverRst) {
                return "REJ";
            }
            if (clientRst) {
                return "RSTOS0";
            }
            return clientFin ? "SH" : "S0";
        }
        if (!syn && synAck) {
            if (serverRst) {
                return "RSTRH";
            }
            if (serverFin) {
                return "SHR";
            }
        }
        if (!syn && !synAck && midstream) {
            return "OTH";
        }
        if (clientRst) {
            return "RSTO";
        }
        if (serverRst) {
            return "RSTR";
        }
        if (clientFin && serverFin) {
            return "SF";
        }
        if (clientFin) {
            return "S2";
        }
        if (serverFin) {
            return "S3";
        }
        return "S1";
    }
}
