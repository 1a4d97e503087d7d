package io.kubetriage.core.node.netfilter.ipvs;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The virtual services of a parsed table, as an unmodifiable list that also knows how many real
 * servers they have (counted while parsing, so that {@link IpvsTable#realServerCount()} need not
 * visit a hundred thousand services).
 */
final class ServiceList extends AbstractList<VirtualService> implements RandomAccess {

    private VirtualService[] services = new VirtualService[16];
    private int size;
    private int realServers;

    ServiceList(int capacity) {
        services = new VirtualService[Math.max(16, capacity)];
    }

    /** While parsing: appends a service. */
    void append(VirtualService service) {
        if (size == services.length) {
            services = Arrays.copyOf(services, size * 2);
        }
        services[size++] = service;
        realServers += service.realServers().size();
    }

    int realServerCount() {
        return realServers;
    }

    @Override
    public VirtualService get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return services[index];
    }

    @Override
    public int size() {
        return size;
    }
}
