package io.chute.serde;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small bounded LRU map, thread-safe by a single lock. Good enough for registry caches: lookups are cheap compared
 * with decoding, and entries never expire (schemas by id are immutable).
 */
final class LruCache<K, V> {
    private final Map<K, V> map;

    LruCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    synchronized void remove(K key) {
        map.remove(key);
    }

    synchronized int size() {
        return map.size();
    }
}
