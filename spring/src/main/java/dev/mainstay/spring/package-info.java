/**
 * The Spring Boot starter: {@link dev.mainstay.spring.MainstayProperties} ({@code mainstay.*}),
 * one {@link dev.mainstay.core.ModelClient} bean per configured client, the {@link
 * dev.mainstay.spring.ModelCall} annotation for bean methods, and actuator health and endpoint.
 */
package dev.mainstay.spring;
