package io.packwatch.flow;

/** Ports that mark the server side of a flow whose start was not seen. */
final class ServicePorts {
    private static final boolean[] SERVICE = new boolean[65536];

    static {
        for (int p = 1; p < 1024; p++) {
            SERVICE[p] = true;
        }
        int[] registered = {1080, 1194, 1433, 1521, 1883, 2049, 2181, 2375, 2376, 3000, 3128, 3268, 3306, 3389, 4443,
            5000, 5060, 5061, 5222, 5432, 5601, 5672, 5900, 5985, 5986, 6379, 6443, 6514, 6667, 8000, 8008, 8080, 8081,
            8088, 8443, 8888, 9000, 9090, 9092, 9200, 9300, 9418, 11211, 27017};
        for (int p : registered) {
            SERVICE[p] = true;
        }
    }

    private ServicePorts() {
    }

    static boolean isService(int port) {
        return SERVICE[port & 0xFFFF];
    }
}
