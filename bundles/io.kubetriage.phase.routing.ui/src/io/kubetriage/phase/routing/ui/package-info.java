/** The workbench side of phase routing. */
package io.kubetriage.phase.routing.ui;
