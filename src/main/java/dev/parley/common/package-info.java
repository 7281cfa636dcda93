/**
 * Shared vocabulary of every module: the stable {@link dev.parley.common.ErrorCode}s and
 * the one exception type that carries them. Nothing else belongs here.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.parley.common;
