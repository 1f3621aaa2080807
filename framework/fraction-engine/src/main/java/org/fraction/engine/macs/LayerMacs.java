package org.fraction.engine.macs;

/**
 * The multiply-accumulates of one layer for one example, with every weight present.
 *
 * @param layer the layer's (vertex's) name
 * @param type the layer configuration's simple class name
 * @param macs the count; 0 for layers without multiplications by weights
 * @param counted false for a layer with parameters that no rule knows (it counts as 0; see {@link
 *     org.fraction.spi.model.MacCounting})
 */
public record LayerMacs(String layer, String type, long macs, boolean counted) {}
