/** The workbench side of phase cni. */
package io.kubetriage.phase.cni.ui;
